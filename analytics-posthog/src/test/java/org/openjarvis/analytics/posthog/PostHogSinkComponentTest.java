package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

/** The DS component driven directly: what it registers, what it logs, and how it handles bad configuration. */
class PostHogSinkComponentTest {

    private static final String FAKE_KEY = "phc_test_not_a_real_key_0123";
    private static final String FACTORY_PID = "org.openjarvis.analytics.posthog";
    private static final String PID = FACTORY_PID + "~cloud";

    private final MockWebServer server = new MockWebServer();
    private final List<Map<String, Object>> registered = new ArrayList<>();
    private final List<Object> services = new ArrayList<>();
    /** "register N" and "unregister N", N the index in {@link #services}, in the order they happened. */
    private final List<String> registrations = new CopyOnWriteArrayList<>();
    /** Each message logged, as "LEVEL formatted text". */
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private PostHogSinkComponent component;

    @AfterEach
    void stop() throws IOException {
        if (component != null) {
            component.deactivate();
        }
        server.shutdown();
    }

    @Test
    void registersItsSinkWithoutTheKeyAndSendsToTheConfiguredHost() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        component = activate(Map.of("api.key", FAKE_KEY, "host", server.url("/").toString(), "flush.interval.ms",
                100L));

        assertThat(registered).singleElement().satisfies(properties -> {
            assertThat(properties).containsEntry(AnalyticsSink.NAME_PROPERTY, "posthog~cloud");
            assertThat(properties.values()).noneMatch(value -> String.valueOf(value).contains(FAKE_KEY));
        });
        AnalyticsSink sink = sink(0);
        sink.deliver(event());
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

        component.deactivate();
        component = null;

        assertThat(registrations).containsExactly("register 0", "unregister 0");
        assertThat(logLines).singleElement().asString().startsWith("INFO PostHog sink posthog~cloud sends to "
                + server.url("/batch/")).endsWith("(key ****0123)");
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
            component = activate(Map.of("api.key", FAKE_KEY, "host", server.url("/").toString(),
                    "flush.interval.ms", 100L, "max.attempts", 1));
            AnalyticsSink sink = sink(0);
            sink.deliver(event());
            assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

            component.deactivate();
            component = null;

            assertThat(elsewhere.getRequestCount()).isZero();
            assertThat(sink.status().accounting().orElseThrow().droppedTotal()).isEqualTo(1);
        }
    }

    @Test
    void noKeyIsOneWarningAndNoSinkAndTakingTheKeyAwayStopsTheSink() {
        component = activate(Map.of("api.key", " ", "batch.size", "abc"));
        assertThat(logLines).containsExactly("WARN PostHog sink configuration " + PID + " has no api.key: it "
                + "sends nothing until one is set");
        assertThat(registered).isEmpty();

        component.modified(properties(Map.of("api.key", FAKE_KEY, "host", server.url("/").toString())));
        component.modified(properties(Map.of("host", server.url("/").toString())));

        assertThat(registrations).containsExactly("register 0", "unregister 0");
        assertThat(logLines).last().asString().contains("has no api.key");
    }

    @Test
    void everyBadValueAtActivationIsOneLineNamingThePidAndThePropertyAndNoSinkIsStarted() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("api.key", FAKE_KEY);
        bad.put("batch.size", "abc");
        bad.put("queue.capacity", "12345678901234567890");
        bad.put("flush.interval.ms", 0L);
        bad.put("max.attempts", List.of(1, 2));
        bad.put("allow.insecure.http", "yes");
        bad.put("host", "not a url");
        bad.put("spool.dir", "relative/spool");
        bad.put("spool.max.files", 0);

        component = activate(bad);

        assertThat(registered).isEmpty();
        assertThat(logLines).hasSize(8).allSatisfy(line -> assertThat(line).startsWith("ERROR Configuration "
                + PID + ": ").endsWith("; no PostHog sink runs until the configuration is fixed")
                .doesNotContain(FAKE_KEY).doesNotContain("abc").doesNotContain("not a url")
                .doesNotContain("relative"));
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains(": batch.size must be a whole number "
                + "from 1 to 1000, got other text;"))
                .anySatisfy(line -> assertThat(line).contains(": queue.capacity must be a whole number"))
                .anySatisfy(line -> assertThat(line).contains(": flush.interval.ms must be a whole number from 100 "
                        + "to 3600000, got 0;"))
                .anySatisfy(line -> assertThat(line).contains(": max.attempts must be a whole number from 1 to 20, "
                        + "got several values;"))
                .anySatisfy(line -> assertThat(line).contains(": allow.insecure.http must be true or false"))
                .anySatisfy(line -> assertThat(line).contains(": host is not a valid URL;"))
                .anySatisfy(line -> assertThat(line).contains(": spool.dir must be an absolute path;"))
                .anySatisfy(line -> assertThat(line).contains(": spool.max.files must be a whole number from 1 to "
                        + "100000, got 0;"));
    }

    @Test
    void aValidConfigurationLaterStartsTheSinkAndABadOneKeepsItRunningOnItsPreviousSettings() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(new MockResponse().setResponseCode(200));
        component = activate(Map.of("api.key", FAKE_KEY, "batch.size", 0));
        assertThat(registered).isEmpty();

        component.modified(properties(Map.of("api.key", FAKE_KEY, "host", server.url("/").toString(),
                "flush.interval.ms", 100L)));
        AnalyticsSink sink = sink(0);
        sink.deliver(event());
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        int linesBefore = logLines.size();

        component.modified(properties(Map.of("api.key", FAKE_KEY, "host", "https://", "batch.size", "abc",
                "flush.interval.ms", 100L)));

        assertThat(registrations).containsExactly("register 0");
        assertThat(logLines.subList(linesBefore, logLines.size())).hasSize(2).allSatisfy(line ->
                assertThat(line).startsWith("ERROR Configuration " + PID + ": ")
                        .endsWith("; the PostHog sink keeps its previous settings"));
        sink.deliver(event());
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).as("still sending to the previous host").isNotNull();
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.status().counters()).containsEntry("received", 2L).containsEntry("sent", 2L);
    }

    @Test
    void aChangedValueReplacesTheSinkUnregisteringTheOldOneFirstAndTheSameValuesKeepIt() {
        Map<String, Object> first = Map.of("api.key", FAKE_KEY, "host", server.url("/").toString());
        component = activate(first);

        component.modified(properties(first));
        assertThat(registrations).containsExactly("register 0");

        component.modified(properties(Map.of("api.key", FAKE_KEY, "host", server.url("/").toString(), "batch.size",
                "50")));
        assertThat(registrations).containsExactly("register 0", "unregister 0", "register 1");
        assertThat(((PostHogSink) sink(0)).running()).as("the old sink was closed").isFalse();
    }

    @Test
    void theSameValuesAgainRetryAKeyThatWasRefused() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(401));
        Map<String, Object> values = Map.of("api.key", FAKE_KEY, "host", server.url("/").toString());
        component = activate(values);
        PostHogSink sink = (PostHogSink) sink(0);
        sink.deliver(event());
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.keyRefused()).isTrue();

        component.modified(properties(values));

        assertThat(registrations).containsExactly("register 0", "unregister 0", "register 1");
        assertThat(((PostHogSink) sink(1)).keyRefused()).isFalse();
    }

    @Test
    void secretsInARefusedHostOrSpoolDirAreNeverRepeated() {
        String port = ":" + server.getPort();
        Map<String, String> hosts = Map.of(
                "http://admin:hunter2@127.0.0.1" + port, "must not carry user info",
                "https://posthog.example.com/?token=s3cr3tT0ken", "must not carry a query",
                "https://posthog.example.com/#s3cr3tT0ken", "must not carry a query",
                FAKE_KEY, "looks like an API key",
                "https://us.i.posthog.com/" + FAKE_KEY, "looks like an API key",
                "https://us.i.posthog.com/" + FAKE_KEY.substring(4, 22), "looks like an API key",
                "http://hunter2.example.com", "plain http to a host that is not loopback");
        hosts.forEach((host, reason) -> activate(Map.of("api.key", FAKE_KEY, "host", host)).deactivate());
        activate(Map.of("api.key", FAKE_KEY, "spool.dir", "/var/tmp/" + FAKE_KEY)).deactivate();
        activate(Map.of("api.key", FAKE_KEY, "spool.dir", "relative/hunter2")).deactivate();

        assertThat(registered).isEmpty();
        assertThat(logLines).hasSize(hosts.size() + 2).allSatisfy(line -> assertThat(line)
                .doesNotContain("hunter2").doesNotContain("s3cr3t").doesNotContain(FAKE_KEY.substring(4, 22)));
        hosts.values().forEach(reason -> assertThat(logLines).anyMatch(line -> line.contains(reason)));
    }

    @Test
    void aKeyThatIsStillAnInterpolationPlaceholderOrIsNotAProjectKeyIsRefusedSayingWhy() {
        activate(Map.of("api.key", "$[env:POSTHOG_API_KEY]")).deactivate();
        activate(Map.of("api.key", " $[secret:posthog-key] ")).deactivate();
        activate(Map.of("api.key", "phc_two words")).deactivate();
        activate(Map.of("api.key", "phx_FAKE_personal_key_0000")).deactivate();
        activate(Map.of("api.key", new String[] {FAKE_KEY, FAKE_KEY})).deactivate();
        activate(Map.of("api.key", "phc_" + "x".repeat(1_000_000))).deactivate();

        assertThat(registered).isEmpty();
        assertThat(logLines).hasSize(6).allSatisfy(line -> assertThat(line.length()).isLessThan(400));
        assertThat(logLines).allSatisfy(line -> assertThat(line).startsWith("ERROR Configuration "
                + PID + ": api.key ").doesNotContain("POSTHOG_API_KEY").doesNotContain("posthog-key")
                .doesNotContain("words").doesNotContain("personalKey").doesNotContain(FAKE_KEY));
        assertThat(logLines.get(0)).contains("is still the Config Admin placeholder $[env:...]")
                .contains("interpolation plugin");
        assertThat(logLines.get(1)).contains("placeholder $[secret:...]");
        assertThat(logLines.get(2)).contains("must be one word of printable ASCII characters");
        assertThat(logLines.get(3)).contains("is a personal API key (phx_)");
        assertThat(logLines.get(4)).contains("must be a single value, got several values");
        assertThat(logLines.get(5)).contains("at most 256");
    }

    @Test
    void plainHttpToARemoteHostIsAWarningThatTheKeyAndEventsTravelInClearText() {
        component = activate(Map.of("api.key", FAKE_KEY, "host", "http://posthog.internal",
                "allow.insecure.http", "true"));

        assertThat(registered).hasSize(1);
        assertThat(logLines).singleElement().asString().startsWith("WARN PostHog sink posthog~cloud sends to "
                + "http://posthog.internal/batch/ over plain http").contains("clear text").doesNotContain(FAKE_KEY);
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
        PostHogSinkComponent cycled = activate(Map.of("api.key", FAKE_KEY, "host", server.url("/").toString()));
        AnalyticsSink sink = sink(i);
        sink.deliver(event());
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue(); // a connection and a dispatcher thread in use
        cycled.deactivate();
    }

    // MockWebServer's own threads belong to the test, not to the sink.
    private static long threadsOutsideTheServer() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("MockWebServer"))
                .count();
    }

    @Test
    void theSinksClientMakesItsSocketsWithNagleOff() throws IOException {
        OkHttpClient client = PostHogSinkComponent.httpClient(settings("https://eu.i.posthog.com"));

        try (Socket socket = client.socketFactory().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void onlyAnHttpsEndpointsClientIsSetUpForTls() {
        assertThat(PostHogSinkComponent.httpClient(settings("https://eu.i.posthog.com")).connectionSpecs())
                .anyMatch(ConnectionSpec::isTls);
        assertThat(PostHogSinkComponent.httpClient(settings("http://127.0.0.1:8000")).connectionSpecs())
                .containsExactly(ConnectionSpec.CLEARTEXT);
    }

    private static PostHogSettings settings(String host) {
        return PostHogSettings.read(PID, Map.of("api.key", FAKE_KEY, "host", host)).settings().orElseThrow();
    }

    private PostHogSinkComponent activate(Map<String, Object> values) {
        return new PostHogSinkComponent(properties(values), context(), logger());
    }

    // As SCR passes them: the configuration's properties and its PID.
    private static Map<String, Object> properties(Map<String, Object> values) {
        Map<String, Object> properties = new HashMap<>(values);
        properties.put("service.pid", PID);
        properties.put("service.factoryPid", FACTORY_PID);
        return properties;
    }

    private AnalyticsSink sink(int index) {
        return (AnalyticsSink) services.get(index);
    }

    private static AnalyticsEvent event() {
        return AnalyticsEvent.of(UUID.randomUUID(), "feature_used", "anon", Instant.EPOCH, Map.of());
    }

    private BundleContext context() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (self, method, args) -> method.getName().equals("getVersion") ? new Version(0, 1, 0) : null);
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
                            return registration(services.size() - 1);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    // The component logs with "{}" placeholders, each argument passed on its own or as one array.
    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (self, method, args) -> {
                    if (args != null && args[0] instanceof String) {
                        Object[] parameters = args.length == 2 && args[1] instanceof Object[] ? (Object[]) args[1]
                                : Arrays.copyOfRange(args, 1, args.length);
                        String line = (String) args[0];
                        for (Object parameter : parameters) {
                            line = line.replaceFirst("\\{\\}", Matcher.quoteReplacement(String.valueOf(parameter)));
                        }
                        logLines.add(method.getName().toUpperCase(Locale.ROOT) + " " + line);
                    }
                    return null;
                });
    }

    private ServiceRegistration<?> registration(int index) {
        registrations.add("register " + index);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (self, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        registrations.add("unregister " + index);
                    }
                    return null;
                });
    }
}
