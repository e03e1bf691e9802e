package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.SinkStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * What every integration test needs: a fresh OpenJarvis home configured through Config Admin, sinks registered on
 * the whiteboard (and removed afterwards), and waiting for asynchronous effects with a deadline.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
abstract class AnalyticsTestSupport {

    static final String PID = "org.openjarvis.analytics";
    static final long DEADLINE_SECONDS = 15;
    static final String BRIDGE_CONTROL = "org.openjarvis.analytics.impl.bridge.BridgeControl";
    static final String SESSION_RECORDER = "org.openjarvis.analytics.impl.session.SessionRecorder";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    Path home;
    private final Map<AnalyticsSink, ServiceRegistration<?>> registrations = new IdentityHashMap<>();

    @BeforeEach
    void freshHome() throws IOException {
        // itest.bndrun clears both in the framework's JVM (-runenv), whatever the builder exports.
        assertThat(System.getenv("DO_NOT_TRACK")).as("DO_NOT_TRACK in the test framework").isEmpty();
        assertThat(System.getenv("OPENJARVIS_NO_ANALYTICS")).as("OPENJARVIS_NO_ANALYTICS in the test framework")
                .isEmpty();
        home = Files.createTempDirectory("openjarvis-itest-home");
        configure(Map.of("enabled", true));
    }

    @AfterEach
    void unregisterSinksAndRemoveHome() throws IOException {
        // Sinks, the file sink included, receive events on their own threads: let them finish before the home goes,
        // or a late write recreates <home>/analytics/events.jsonl after the delete and leaves it in java.io.tmpdir.
        ServiceReference<AnalyticsService> reference = context.getServiceReference(AnalyticsService.class);
        if (reference != null) {
            AnalyticsService service = context.getService(reference);
            service.flush(Duration.ofSeconds(DEADLINE_SECONDS));
            // After every scenario, for every sink: accepted (+ recovered) = delivered + dropped + pending.
            awaitEverySink(service, SinkStatus.Accounting::balanced, "every sink's accounting to balance");
        }
        registrations.values().forEach(ServiceRegistration::unregister);
        registrations.clear();
        // The next test's configuration moves the service to its own home; this one is left behind unused.
        deleteRecursively(home);
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /**
     * Replaces the analytics configuration with {@code properties} plus this test's home, and waits until the
     * service applied it; the service hands each change to the bridge and the session aggregator before that.
     */
    void configure(Map<String, Object> properties) throws IOException {
        Map<String, Object> expected = new HashMap<>(properties);
        expected.put("home", home.toString());
        configurationAdmin.getConfiguration(PID, "?").update(new Hashtable<>(expected));
        // Config Admin and SCR apply the change asynchronously. SCR copies the configuration into the service
        // properties once the component applied it, which is what is awaited here.
        await(() -> showsConfiguration(AnalyticsService.class.getName(), null, expected),
                "the configuration to apply");
        Object given = properties.get("enabled");
        boolean enabled = given == null || "true".equalsIgnoreCase(String.valueOf(given).trim()); // else off
        await(() -> enabled == analytics().isEnabled(), "analytics to be " + (enabled ? "on" : "off"));
    }

    private boolean showsConfiguration(String service, String filter, Map<String, Object> expected) {
        try {
            ServiceReference<?>[] references = context.getServiceReferences(service, filter);
            if (references == null) {
                return false;
            }
            for (ServiceReference<?> reference : references) {
                boolean all = expected.entrySet().stream().allMatch(e -> String.valueOf(e.getValue())
                        .equals(String.valueOf(reference.getProperty(e.getKey()))));
                if (all) {
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The bridge's counters (the aggregator's included), through its service from a private package. */
    @SuppressWarnings("unchecked")
    Map<String, Long> bridgeCounters() throws Exception {
        ServiceReference<?> reference = context.getServiceReferences(BRIDGE_CONTROL, null)[0];
        Object bridge = context.getService(reference);
        try {
            return (Map<String, Long>) reference.getBundle().loadClass(BRIDGE_CONTROL).getMethod("counters")
                    .invoke(bridge);
        } finally {
            context.ungetService(reference);
        }
    }

    AnalyticsService analytics() {
        return context.getService(context.getServiceReference(AnalyticsService.class));
    }

    /** The status of the sink bound under {@code name}, if it is bound. */
    Optional<SinkStatus> sinkStatus(String name) {
        return analytics().status().sinks().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Starts the implementation bundle again if a test stopped it, and waits for its service. */
    void implementationBack() throws BundleException {
        Bundle impl = implementationBundle();
        if (impl.getState() != Bundle.ACTIVE) {
            impl.start();
        }
        await(() -> context.getServiceReference(AnalyticsService.class) != null, "the service to come back");
    }

    <S extends AnalyticsSink> S register(S sink, String name) {
        registrations.put(sink, context.registerService(AnalyticsSink.class, sink, new Hashtable<>(Map.of(
                AnalyticsSink.NAME_PROPERTY, name))));
        return sink;
    }

    void unregister(AnalyticsSink sink) {
        registrations.remove(sink).unregister();
    }

    /** A sink whose every delivery blocks until {@code release} opens. */
    static AnalyticsSink blockedUntil(CountDownLatch release) {
        return event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** The implementation bundle, which tests stop and start. */
    Bundle implementationBundle() {
        for (Bundle bundle : context.getBundles()) {
            if ("org.openjarvis.analytics.impl".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("the implementation bundle is not installed");
    }

    /** Registers a sink named {@code name} that throws on every event, and waits until one event made it DEGRADED. */
    void registerDegradedSink(String name) {
        register((AnalyticsSink) event -> {
            throw new IllegalStateException("broken sink");
        }, name);
        assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                .isEqualTo(CaptureResult.ACCEPTED);
        await(() -> sinkStatus(name).map(s -> s.health() == SinkStatus.Health.DEGRADED).orElse(false),
                "sink " + name + " to be degraded");
    }

    /** Waits until every sink, the file sink included, has taken what was captured and counted it. */
    void awaitSinksSettled() {
        awaitEverySink(analytics(), accounting -> accounting.pending() == 0 && accounting.balanced(),
                "every sink to have nothing pending");
    }

    // One snapshot per sink and check: a sink whose worker is between two counters is not done yet.
    private static void awaitEverySink(AnalyticsService service, Predicate<SinkStatus.Accounting> done, String what) {
        await(() -> service.status().sinks().stream().allMatch(sink -> sink.accounting().map(done::test)
                .orElse(false)), () -> what + ": " + service.status().sinks());
    }

    static void await(BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    /** Waits for {@code condition}; {@code what} is asked only on a timeout, so it may describe the state then. */
    static void await(BooleanSupplier condition, Supplier<String> what) {
        await(condition, what, DEADLINE_SECONDS);
    }

    static void await(BooleanSupplier condition, Supplier<String> what, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what.get());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get(), e);
            }
        }
    }
}
