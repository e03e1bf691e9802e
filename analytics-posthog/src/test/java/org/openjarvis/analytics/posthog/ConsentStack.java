package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.impl.bridge.StartedBridge;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.service.StartedService;
import org.openjarvis.analytics.impl.session.StartedSessions;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.osgi.service.event.Event;

/**
 * The system under test and the model it is checked against, for {@link ConsentStateMachineTest}.
 *
 * <p>Every event the test produces carries a tag: {@code settings_changed} events their {@code setting_key}, and a
 * session's {@code chat_session_ended} its {@code tokens_in}, which is the session's number. The sinks record each
 * tag they see with the step it arrived in; the PostHog sink's transport records what leaves, when it leaves. When
 * consent goes from on to off in step k, every tag produced so far may only arrive up to step k; a tag produced
 * while consent is off may never arrive.
 */
final class ConsentStack {

    private static final String KEY = "phc_state_machine_test_key_not_real_0123";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Arrival(String tag, int step, String sink) {
    }

    private final Path home;
    private final Path spool;
    private final RecordingLogger log = new RecordingLogger();
    private final AtomicInteger step = new AtomicInteger();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> lastAllowedStep = new ConcurrentHashMap<>();
    private final Set<String> produced = new LinkedHashSet<>(); // tags produced with consent, in this home
    private final Set<String> expectedAtRecording = new LinkedHashSet<>(); // captured with consent, not withdrawn
    private final Set<String> openSessions = new LinkedHashSet<>();
    private final Map<String, Object> configuration = new HashMap<>();
    private final AnalyticsSink recording = new AnalyticsSink() {
        @Override
        public void deliver(AnalyticsEvent event) {
            tagOf(event.name(), JSON.valueToTree(event.properties())).ifPresent(tag -> arrivals.add(new Arrival(tag,
                    step.get(), "recording")));
        }
    };
    private volatile boolean hostUp = true;
    private boolean environmentOptOut;
    private boolean userOptOut;
    private boolean configEnabled = true;
    private int nextTag;
    private long busEventsPosted; // to the running bridge
    private StartedService service;
    private StartedSessions sessions;
    private StartedBridge bridge;
    private PostHogSink posthog;

    private ConsentStack(Path directory) {
        this.home = directory.resolve("home");
        this.spool = directory.resolve("spool");
        configuration.put("home", home.toString());
    }

    static ConsentStack start(Path directory) {
        ConsentStack stack = new ConsentStack(directory);
        stack.boot();
        return stack;
    }

    // Actions, each followed by the end of its step.

    void capture() {
        String tag = newTag();
        CaptureResult result = service.component().capture("settings_changed", Map.of("setting_key", tag));
        assertThat(result).as("capture of " + tag).isEqualTo(consent() ? CaptureResult.ACCEPTED
                : CaptureResult.DISABLED);
        producedNow(tag, true);
    }

    void busCapture() {
        String tag = newTag();
        post(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "settings_changed", "setting_key",
                tag)));
        producedNow(tag, true);
    }

    void inference() {
        int number = ++nextTag;
        String session = "s" + number;
        post(new Event(AnalyticsTopics.INFERENCE_END, Map.of(AnalyticsTopics.SESSION_ID, session,
                AnalyticsTopics.INPUT_TOKENS, (long) number)));
        producedNow(session, false);
        if (consent()) {
            openSessions.add(session);
        }
    }

    /**
     * Inferences the bridge is slow to process (it hashes each one's 1 MB model name), so that the next steps find
     * them still queued: each opens a session of its own.
     */
    void slowInferences() {
        String model = "m".repeat(1 << 20);
        for (int i = 0; i < 20; i++) {
            int number = ++nextTag;
            String session = "s" + number;
            post(new Event(AnalyticsTopics.INFERENCE_END, Map.of(AnalyticsTopics.SESSION_ID, session,
                    AnalyticsTopics.INPUT_TOKENS, (long) number, AnalyticsTopics.MODEL, model)));
            if (consent()) {
                produced.add(session);
                openSessions.add(session);
            } else {
                lastAllowedStep.put(session, step.get() - 1);
            }
        }
        endStep();
    }

    void endSession(String session) {
        post(new Event(AnalyticsTopics.SESSION_END, Map.of(AnalyticsTopics.SESSION_ID, session)));
        openSessions.remove(session);
        endStep();
    }

    void configure(boolean enabled, boolean typoElsewhere) {
        changeConsent(() -> {
            configuration.put("enabled", enabled);
            if (typoElsewhere) {
                configuration.put("backlog.capacity", "10000O");
            } else {
                configuration.remove("backlog.capacity");
            }
            configEnabled = enabled;
            service.configure(new HashMap<>(configuration));
        });
    }

    /** An opt-out and an opt-in right after it, as fast as a script can: what was queued before must not survive. */
    void quickOptOutAndIn(boolean byCommand) {
        if (byCommand) {
            userOptOut();
            userOptIn();
        } else {
            configure(false, false);
            configure(true, false);
        }
    }

    void userOptOut() {
        changeConsent(() -> {
            service.component().optOut();
            userOptOut = true;
        });
    }

    void userOptIn() {
        changeConsent(() -> {
            service.component().optIn();
            userOptOut = false;
        });
    }

    void restart(boolean withEnvironmentOptOut) {
        changeConsent(() -> {
            shutdown();
            openSessions.clear(); // reported at shutdown if consent held, else forgotten
            environmentOptOut = withEnvironmentOptOut;
            boot();
        });
    }

    void rebindSinks() {
        // The bridge captures on its own thread: an event captured while the recording sink is unbound does not
        // reach it, rightly; so nothing is captured meanwhile.
        assertThat(bridge.component().awaitProcessed(DEADLINE)).isTrue();
        service.unbind(recording);
        service.bind(recording, "recording");
        service.unbind(posthog);
        service.bind(posthog, "posthog~state-machine");
        endStep();
    }

    void host(boolean up) {
        hostUp = up;
        endStep();
    }

    /** A quiet point: everything handed over is processed and flushed, and then all of it is accounted for. */
    void settle() {
        assertThat(bridge.component().awaitProcessed(DEADLINE)).as("the bridge to process its queue").isTrue();
        service.component().flush(DEADLINE);
        Map<String, Long> bus = bridge.component().counters();
        assertThat(bus.get("bus_events_processed") + bus.get("bus_events_dropped_overflow")
                + bus.get("bus_events_dropped_oversized") + bus.get("bus_events_dropped_invalid")
                + bus.get("bus_events_ignored_disabled")).as("every bus event counted once: " + bus)
                .isEqualTo(busEventsPosted);
        for (SinkStatus sink : service.component().status().sinks()) {
            assertThat(sink.accounting()).as(sink.name()).hasValueSatisfying(accounting -> assertThat(
                    accounting.balanced()).as(sink.name() + " " + accounting).isTrue());
        }
        Set<String> atRecording = new LinkedHashSet<>();
        arrivals.stream().filter(arrival -> arrival.sink().equals("recording")).forEach(a -> atRecording.add(a.tag()));
        assertThat(atRecording).as("what was captured with consent reached the recording sink")
                .containsAll(expectedAtRecording);
        endStep();
    }

    // Invariants, checked after every step.

    void checkNothingForbiddenArrived() {
        for (Arrival arrival : arrivals) {
            Integer allowedUpTo = lastAllowedStep.get(arrival.tag());
            assertThat(allowedUpTo == null || arrival.step() <= allowedUpTo).as("%s reached %s in step %d, but "
                    + "may only arrive up to step %d", arrival.tag(), arrival.sink(), arrival.step(), allowedUpTo)
                    .isTrue();
        }
    }

    void checkServiceFollowsTheModel() {
        assertThat(service.component().isEnabled()).as("analytics on, as the model says: "
                + service.component().disabledReason()).isEqualTo(consent());
    }

    List<String> sessions() {
        return List.copyOf(openSessions);
    }

    void stop() {
        shutdown();
    }

    // The system under test.

    private void boot() {
        Map<String, String> environment = environmentOptOut ? Map.of("DO_NOT_TRACK", "1") : Map.of();
        OpenJarvisHome homes = new OpenJarvisHome(null, environment, home.getParent().resolve("user").toString());
        service = StartedService.start(new HashMap<>(configuration), log.logger(), environment, homes);
        sessions = StartedSessions.start(service.component(), service.component(), log.logger(),
                () -> System.currentTimeMillis() / 1000.0);
        bridge = StartedBridge.start(service.component(), sessions.recorder(), service.component(), log.logger(),
                homes);
        busEventsPosted = 0;
        posthog = newPostHogSink();
        service.bind(recording, "recording");
        service.bind(posthog, "posthog~state-machine");
    }

    // In the order SCR deactivates them when the bundles stop.
    private void shutdown() {
        bridge.deactivate();
        sessions.deactivate();
        service.unbind(recording);
        service.unbind(posthog);
        posthog.close(Duration.ofSeconds(2));
        service.deactivate();
    }

    private PostHogSink newPostHogSink() {
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(chain -> {
            // A cancelled call never connects, as OkHttp's own interceptors would refuse it.
            if (!hostUp || chain.call().isCanceled()) {
                throw new IOException(hostUp ? "Canceled" : "host down");
            }
            Buffer body = new Buffer();
            chain.request().body().writeTo(body);
            recordWhatLeaves(body.readByteArray());
            return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200)
                    .message("OK").body(ResponseBody.create(new byte[0], null)).build();
        }).build();
        RetryPolicy retries = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 1, Duration.ofHours(1),
                () -> 1.0);
        BatchSpool batches = new BatchSpool(spool.resolve("posthog~state-machine"), 1_000, 64L << 20, line -> {
        });
        StartedService current = service;
        return new PostHogSink("state-machine", PostHogEndpoint.of("http://127.0.0.1:9", false), KEY,
                new WireFormat("0.1.0", false), new PostHogSink.Limits(10_000, 16L << 20, 10, 10, 5L << 20,
                        Duration.ofMillis(50), 2), retries, client, Clock.systemUTC(), "openjarvis-analytics-java/test",
                batches, SpoolGate.of(current::component), line -> {
                });
    }

    private void recordWhatLeaves(byte[] gzipped) {
        try {
            JsonNode batch = JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(gzipped))).get("batch");
            int now = step.get();
            batch.forEach(event -> tagOf(event.get("event").textValue(), event.get("properties"))
                    .ifPresent(tag -> arrivals.add(new Arrival(tag, now, "posthog"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // The model.

    private boolean consent() {
        return !environmentOptOut && !userOptOut && configEnabled;
    }

    private String newTag() {
        return "t" + ++nextTag;
    }

    private void post(Event event) {
        bridge.component().handleEvent(event);
        busEventsPosted++;
    }

    private void producedNow(String tag, boolean expectedAtRecordingSink) {
        if (consent()) {
            produced.add(tag);
            if (expectedAtRecordingSink) {
                expectedAtRecording.add(tag);
            }
        } else {
            lastAllowedStep.put(tag, step.get() - 1); // produced while off: never
        }
        endStep();
    }

    // Runs a change that may withdraw consent; if it did, whatever was produced may arrive up to this step only.
    private void changeConsent(Runnable change) {
        boolean before = consent();
        change.run();
        if (before && !consent()) {
            int now = step.get();
            produced.forEach(tag -> lastAllowedStep.putIfAbsent(tag, now));
            produced.clear();
            expectedAtRecording.clear();
            openSessions.clear();
        }
        endStep();
    }

    private void endStep() {
        step.incrementAndGet();
    }

    private static java.util.Optional<String> tagOf(String event, JsonNode properties) {
        if ("settings_changed".equals(event) && properties.hasNonNull("setting_key")) {
            return java.util.Optional.of(properties.get("setting_key").textValue());
        }
        if ("chat_session_ended".equals(event) && properties.hasNonNull("tokens_in")) {
            return java.util.Optional.of("s" + properties.get("tokens_in").asLong());
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "step " + step.get() + ", consent " + consent() + ", arrivals " + new ArrayList<>(arrivals);
    }
}
