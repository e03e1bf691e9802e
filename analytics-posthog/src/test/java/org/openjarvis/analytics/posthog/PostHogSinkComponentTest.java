package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.impl.testing.AnnotationConfig;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

/** The DS component driven directly: what it registers, what it logs, and how it refuses bad configuration. */
class PostHogSinkComponentTest {

    private static final String FAKE_KEY = "phc_test_not_a_real_key_0123";
    private static final String FACTORY_PID = "org.openjarvis.analytics.posthog";

    private final MockWebServer server = new MockWebServer();
    private final List<Map<String, Object>> registered = new ArrayList<>();
    private final List<Object> services = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private boolean unregistered;

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void registersItsSinkWithoutTheKeyAndSendsToTheConfiguredHost() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        PostHogSinkComponent component = new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "host",
                server.url("/").toString(), "flush.interval.ms", 100L)), Map.of("service.pid",
                        "org.openjarvis.analytics.posthog~cloud"), context(), logger());

        assertThat(registered).singleElement().satisfies(properties -> {
            assertThat(properties).containsEntry(AnalyticsSink.NAME_PROPERTY, "posthog~cloud");
            assertThat(properties.values()).noneMatch(value -> String.valueOf(value).contains(FAKE_KEY));
        });
        AnalyticsSink sink = (AnalyticsSink) services.get(0);
        sink.deliver(AnalyticsEvent.of(UUID.randomUUID(), "feature_used", "anon", Instant.EPOCH, Map.of()));
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

        component.deactivate();

        assertThat(unregistered).isTrue();
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(FAKE_KEY));
        assertThat(sink.status().toString()).doesNotContain(FAKE_KEY);
    }

    @Test
    void aRedirectIsNotFollowedAndTheKeyNeverReachesAnotherHost() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            for (int i = 0; i < 10; i++) {
                server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location",
                        elsewhere.url("/batch/").toString()));
            }
            PostHogSinkComponent component = new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "host",
                    server.url("/").toString(), "flush.interval.ms", 100L, "max.attempts", 1)), Map.of(), context(),
                    logger());
            AnalyticsSink sink = (AnalyticsSink) services.get(0);
            sink.deliver(AnalyticsEvent.of(UUID.randomUUID(), "feature_used", "anon", Instant.EPOCH, Map.of()));
            assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

            component.deactivate();

            assertThat(elsewhere.getRequestCount()).isZero();
            assertThat(sink.status().accounting().orElseThrow().droppedTotal()).isEqualTo(1);
        }
    }

    @Test
    void noKeyRegistersNothingAndOtherBadValuesAreClearErrorsThatNeverShowTheKey() {
        new PostHogSinkComponent(config(Map.of("api.key", " ")), Map.of("service.pid", FACTORY_PID + "~cloud"),
                context(), logger()).deactivate();
        assertThat(logLines).singleElement().asString().contains("has no api.key").contains(FACTORY_PID + "~cloud");
        assertThatThrownBy(() -> new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "host",
                "http://posthog.example.com")), Map.of(), context(), logger()))
                .hasMessageContaining("plain http").hasMessageNotContaining(FAKE_KEY);
        assertThatThrownBy(() -> new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "batch.size", -1)),
                Map.of(), context(), logger())).hasMessage("Configuration org.openjarvis.analytics.posthog: "
                        + "batch.size must be between 1 and 1000, got -1");
        assertThatThrownBy(() -> new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "host", "not a url")),
                Map.of(), context(), logger())).hasMessageNotContaining(FAKE_KEY);
        assertThatThrownBy(() -> new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "spool.dir",
                "relative/spool")), Map.of(), context(), logger())).hasMessage("Configuration "
                        + "org.openjarvis.analytics.posthog: spool.dir must be an absolute path, got relative/spool");
        assertThatThrownBy(() -> new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "spool.dir",
                "/tmp/spool", "spool.max.files", 0)), Map.of(), context(), logger()))
                .hasMessageContaining("spool.max.files must be between 1 and 100000, got 0");
        assertThat(registered).isEmpty();
    }

    @Test
    void aHundredActivateDeactivateCyclesThatEachSendLeaveNoThreadsBehind() {
        cycle(0); // a warm-up: starts OkHttp's and Okio's process-wide threads, which are shared by every client
        long threadsBefore = threadsOutsideTheServer();
        for (int i = 1; i <= 100; i++) {
            cycle(i);
        }

        assertThat(server.getRequestCount()).isEqualTo(101);
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("openjarvis-analytics-posthog-") || name.startsWith("OkHttp Dispatch")
                        || name.startsWith("OkHttp http://"))).isEmpty();
        // Those shared threads may grow by one or two under load, then idle out: a constant, not one per cycle.
        assertThat(threadsOutsideTheServer()).as(Thread.getAllStackTraces().keySet().toString())
                .isLessThanOrEqualTo(threadsBefore + 2);
    }

    // One activation that sends one event, then a deactivation; services.get(i) is that activation's sink.
    private void cycle(int i) {
        server.enqueue(new MockResponse().setResponseCode(200));
        PostHogSinkComponent component = new PostHogSinkComponent(config(Map.of("api.key", FAKE_KEY, "host",
                server.url("/").toString())), Map.of("service.pid", FACTORY_PID + "~cycle"), context(), logger());
        AnalyticsSink sink = (AnalyticsSink) services.get(i);
        sink.deliver(AnalyticsEvent.of(UUID.randomUUID(), "feature_used", "anon", Instant.EPOCH, Map.of()));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue(); // a connection and a dispatcher thread in use
        component.deactivate();
    }

    // MockWebServer's own threads belong to the test, not to the sink.
    private static long threadsOutsideTheServer() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("MockWebServer"))
                .count();
    }

    private static PostHogConfiguration config(Map<String, Object> values) {
        return AnnotationConfig.of(PostHogConfiguration.class, values);
    }

    private BundleContext context() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (self, method, args) -> method.getName().equals("getVersion") ? new Version(0, 1, 0) : null);
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (self, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered = true;
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "getBundle":
                            return bundle;
                        case "registerService":
                            Map<String, Object> copy = new HashMap<>();
                            Dictionary<?, ?> dictionary = (Dictionary<?, ?>) args[2];
                            Collections.list(dictionary.keys()).forEach(k -> copy.put((String) k, dictionary.get(k)));
                            registered.add(copy);
                            services.add(args[1]);
                            return registration;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (self, method, args) -> {
                    if (args != null) {
                        StringBuilder line = new StringBuilder(method.getName());
                        for (Object arg : args) {
                            line.append(' ').append(arg instanceof Object[] ? Arrays.toString((Object[]) arg)
                                    : arg);
                        }
                        logLines.add(line.toString());
                    }
                    return null;
                });
    }
}
