package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.session.SessionAggregator;
import org.openjarvis.analytics.impl.testing.FakeAnalyticsService;
import org.openjarvis.analytics.impl.testing.FakeSettingsSource;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.openjarvis.analytics.impl.testing.RecordingSink;
import org.openjarvis.analytics.impl.testing.RecordingThreads;
import org.osgi.service.event.Event;

class EventAdminBridgeComponentTest {

    @TempDir
    Path home;

    private final FakeAnalyticsService analytics = new FakeAnalyticsService();
    private final SessionAggregator sessions = new SessionAggregator(analytics::capture, 300, () -> 0.0);
    private final RecordingLogger log = new RecordingLogger();
    private final FakeSettingsSource source = new FakeSettingsSource();
    private final RecordingThreads threads = new RecordingThreads();
    private EventAdminBridgeComponent bridge;

    // Every configuration here names its home; nothing else may be consulted.
    private static final OpenJarvisHome NO_HOME_SOURCES = new OpenJarvisHome(null, Map.of(), "/nonexistent-user-home");

    @AfterEach
    void deactivate() {
        if (bridge != null) {
            bridge.deactivate();
        }
    }

    @Test
    void theBridgeRunsOnOneNamedDaemonThreadThatEndsWithIt() {
        bridge = start(Map.of());

        assertThat(threads.threads()).singleElement().satisfies(thread -> {
            assertThat(thread.getName()).isEqualTo("openjarvis-analytics-bridge");
            assertThat(thread.isDaemon()).isTrue();
        });
        bridge.deactivate();
        bridge = null;
        RecordingSink.await(() -> threads.alive() == 0, "the bridge thread to end");
    }

    @Test
    void busEventsBecomeCatalogueEventsOnTheBridgeThread() {
        bridge = start(Map.of());

        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1", "model",
                "llama3.1:8b", "engine", "Ollama", "input_tokens", 12L, "latency_ms", 250.5)));
        bridge.handleEvent(new Event(AnalyticsTopics.TOOL_CALL_END, Map.of("session_id", "s1", "tool", "calculator")));
        bridge.handleEvent(new Event(AnalyticsTopics.SESSION_END, Map.of("session_id", "s1")));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(analytics.captures()).extracting(FakeAnalyticsService.Capture::event)
                .containsExactly("first_chat_sent", "tool_first_used", "chat_session_ended");
        Map<String, Object> session = analytics.captures().get(2).properties();
        assertThat(session).containsEntry("tokens_in", 12L).containsEntry("model_hash", "8754b77c7eee26e4")
                .containsEntry("engine", "ollama");
        assertThat(home.resolve("first_chat_sent")).exists();
        assertThat(bridge.counters()).containsEntry("bus_events_processed", 3L).containsEntry("open_sessions", 0L);
    }

    @Test
    void theFirstChatFlagIsInTheFrameworkPropertysHomeWhileTheConfigurationSetsNone() {
        AnalyticsSettings noHome = AnalyticsSettings.DEFAULTS;
        AnalyticsSettings configured = AnalyticsSettings.parse(Map.of("home", home.resolve("configured").toString()),
                AnalyticsSettings.DEFAULTS).settings();
        OpenJarvisHome launched = new OpenJarvisHome(home.toString(), Map.of("OPENJARVIS_HOME", "/env"), "/user");

        assertThat(BridgeSettings.from(noHome, launched).firstChatFlag())
                .isEqualTo(home.resolve("first_chat_sent"));
        assertThat(BridgeSettings.from(configured, launched).firstChatFlag())
                .isEqualTo(home.resolve("configured/first_chat_sent"));
    }

    @Test
    void directCapturesKeepTheirPropertiesButNotEventAdminsOrKarafsExtras() {
        bridge = start(Map.of());
        Map<String, Object> properties = new HashMap<>();
        properties.put(AnalyticsTopics.EVENT, "feature_used");
        properties.put("feature_name", "chat");
        properties.put("subject", new Object());
        properties.put("timestamp", 1_700_000_000_000L);

        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, properties));
        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, Map.of("feature_name", "chat")));
        bridge.awaitProcessed(Duration.ofSeconds(10));

        assertThat(analytics.captures()).singleElement().satisfies(capture -> {
            assertThat(capture.event()).isEqualTo("feature_used");
            assertThat(capture.properties()).containsOnlyKeys("feature_name");
        });
        assertThat(bridge.counters()).containsEntry("bus_events_dropped_invalid", 1L);
    }

    @Test
    void longNumericStringsAreReadOrRefusedAsPythonWouldAndAlwaysCounted() {
        bridge = start(Map.of());

        // int("1"*2500) is a valid Python int (tokens then hold at 2^63-1); 4301 digits and more raise ValueError.
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("input_tokens", "1".repeat(2500))));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("input_tokens", "1".repeat(4301))));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("input_tokens", "1".repeat(100_000))));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("latency_ms", "1_".repeat(50_000) + "1")));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("bus_events_processed", 2L)
                .containsEntry("bus_events_dropped_invalid", 2L);
    }

    @Test
    void aValueNestedTooDeeplyIsRefusedOnThePublishersThreadAndTheBridgeCarriesOn() {
        bridge = start(Map.of());
        List<Object> nested = List.of();
        for (int i = 0; i < 200_000; i++) {
            nested = List.of(nested); // str() of it would recurse 200 000 deep on the bridge thread
        }

        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1", "model", nested)));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1")));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("bus_events_processed", 1L)
                .containsEntry("bus_events_dropped_oversized", 1L).containsEntry("bus_events_dropped_invalid", 0L)
                .containsEntry("open_sessions", 1L);
    }

    @Test
    void everyEventOverTheCopyBudgetIsRefusedOnThePublishersThreadAndCountedAndNothingReachesThePublisher() {
        bridge = start(Map.of());
        List<String> huge = Collections.nCopies(Integer.MAX_VALUE, "x");
        Collection<Object> endless = new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return Stream.generate(() -> (Object) "x").iterator();
            }

            @Override
            public int size() {
                return 1;
            }
        };
        List<Event> oversized = List.of(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", huge)),
                new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used",
                        "feature_name", Map.of("inside", huge))),
                new Event(AnalyticsTopics.TOOL_CALL_END, Map.of("tool", endless)),
                new Event(AnalyticsTopics.AGENT_TURN_END, Map.of("error", new boolean[10_000_000])),
                new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", new EventCopyTest.Text(Integer.MAX_VALUE,
                        () -> "x".repeat(Integer.MAX_VALUE)))));

        long start = System.nanoTime();
        oversized.forEach(bridge::handleEvent);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(took).as("a generous bound").isLessThan(Duration.ofSeconds(10));
        assertThat(bridge.counters()).containsEntry("bus_events_dropped_oversized", (long) oversized.size())
                .containsEntry("bus_events_processed", 1L).containsEntry("bus_events_dropped_invalid", 0L)
                .containsEntry("bus_events_dropped_overflow", 0L);
        assertThat(analytics.captures()).singleElement().satisfies(capture -> assertThat(capture.properties())
                .isEmpty());
    }

    @Test
    void whateverAValuesMethodsThrowIsCountedAsInvalidAndNeverReachesThePublisher() {
        bridge = start(Map.of());
        List<Throwable> failures = List.of(new IllegalStateException("size"), new IOException("size"),
                new AssertionError("size"), new StackOverflowError("size"), new InterruptedException("size"));

        for (Throwable failure : failures) {
            bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", sizeThrowing(failure))));
        }
        boolean interrupted = Thread.interrupted(); // and cleared here
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model",
                new EventCopyTest.Text(1, () -> "m"))));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(interrupted).as("the publisher keeps the interrupt").isTrue();
        assertThat(bridge.counters()).containsEntry("bus_events_dropped_invalid", (long) failures.size())
                .containsEntry("bus_events_processed", 1L);
    }

    @Test
    void valuesOfOtherJavaTypesAreReadWithPythonsStrAndTruthiness() {
        bridge = start(Map.of());
        UUID first = UUID.fromString("6f1c2a9e-0000-4000-8000-000000000001");
        UUID second = UUID.fromString("6f1c2a9e-0000-4000-8000-000000000002");
        StringBuilder model = new StringBuilder("llama3.1:8b");

        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", first, "model", model)));
        model.setLength(0); // the text is taken when the event is published
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", second, "model", 'x')));
        bridge.handleEvent(new Event(AnalyticsTopics.AGENT_TURN_END,
                Map.of("session_id", first, "error", new IllegalStateException("boom"))));
        bridge.handleEvent(new Event(AnalyticsTopics.SESSION_END, Map.of("session_id", first.toString())));
        bridge.handleEvent(new Event(AnalyticsTopics.SECURITY_ALERT, Map.of("platform", Surface.LINUX)));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(analytics.captures()).extracting(FakeAnalyticsService.Capture::event)
                .containsExactly("first_chat_sent", "chat_session_ended", "error_shown_to_user");
        assertThat(analytics.captures().get(1).properties()).containsEntry("model_hash", "8754b77c7eee26e4")
                .containsEntry("error_count", 1L);
        assertThat(analytics.captures().get(2).properties()).containsEntry("platform", "linux");
        assertThat(bridge.counters()).containsEntry("open_sessions", 1L).containsEntry("bus_events_processed", 5L);
    }

    @Test
    void anObjectWhoseToStringThrowsAbortsTheHandlerAsPythonsStrWould() {
        bridge = start(Map.of());
        Object unprintable = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };

        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", unprintable)));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("input_tokens", Surface.LINUX)));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("bus_events_dropped_invalid", 2L)
                .containsEntry("open_sessions", 0L);
        assertThat(analytics.captures()).isEmpty();
    }

    @Test
    void sessionsClosedEarlyForTheOpenSessionLimitAreCounted() {
        bridge = start(Map.of());

        for (int i = 0; i <= SessionAggregator.MAX_OPEN_SESSIONS; i++) {
            bridge.handleEvent(new Event(AnalyticsTopics.TOOL_CALL_END, Map.of("session_id", "s" + i)));
            if (i % 1000 == 0) {
                assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue(); // stay below the queue's bound
            }
        }
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("sessions_closed_early", 1L)
                .containsEntry("open_sessions", (long) SessionAggregator.MAX_OPEN_SESSIONS);
    }

    @Test
    void whileAnalyticsIsOffBusEventsAreIgnored() {
        bridge = start(Map.of());
        analytics.setEnabled(false);

        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1")));
        bridge.awaitProcessed(Duration.ofSeconds(10));

        assertThat(bridge.counters()).containsEntry("bus_events_ignored_disabled", 1L)
                .containsEntry("open_sessions", 0L);
        assertThat(analytics.captures()).isEmpty();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingThePublisher() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeAnalyticsService blocking = blockingUntil(release);
        bridge = new EventAdminBridgeComponent(blocking, sessions, source(Map.of("backlog.capacity", 2)),
                log.logger(), NO_HOME_SOURCES, threads);
        Event capture = new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used"));

        for (int i = 0; i < 10; i++) {
            bridge.handleEvent(capture); // the first blocks the bridge thread, two wait, the rest overflow
        }

        assertThat(bridge.counters().get("bus_events_dropped_overflow")).isBetween(7L, 8L);
        release.countDown();
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();
        long processed = bridge.counters().get("bus_events_processed");
        assertThat(processed + bridge.counters().get("bus_events_dropped_overflow")).isEqualTo(10);
    }

    @Test
    void anEventLargerThanTheByteBoundByItselfIsRefusedAsOversized() {
        bridge = start(Map.of("backlog.max.bytes", 1024L));

        // 40 + 2 * 600 bytes for the model alone: more than the 1024-byte bound.
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", "m".repeat(600))));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", List.of("m".repeat(300),
                "m".repeat(300)))));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", "m".repeat(300))));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("bus_events_dropped_oversized", 2L)
                .containsEntry("bus_events_dropped_overflow", 0L).containsEntry("bus_events_processed", 1L);
    }

    @Test
    void queuedEventsAreBoundedByTheirEstimatedBytesAndReleaseThemWhenProcessed() {
        CountDownLatch release = new CountDownLatch(1);
        bridge = new EventAdminBridgeComponent(blockingUntil(release), sessions,
                source(Map.of("backlog.max.bytes", 4096L)), log.logger(), NO_HOME_SOURCES, threads);
        Event block = new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used"));
        // About 40 + 2 * 400 bytes each, so four fit in 4096 bytes and the rest overflow.
        Event large = new Event(AnalyticsTopics.TOOL_CALL_END, Map.of("tool", "t".repeat(400)));

        bridge.handleEvent(block);
        RecordingSink.await(() -> bridge.counters().get("bus_events_pending") == 0, "the bridge thread to block");
        for (int i = 0; i < 10; i++) {
            bridge.handleEvent(large);
        }

        assertThat(bridge.counters()).containsEntry("bus_events_pending", 4L)
                .containsEntry("bus_events_dropped_overflow", 6L);
        release.countDown();
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();
        for (int i = 0; i < 4; i++) {
            bridge.handleEvent(large);
        }
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();
        assertThat(bridge.counters()).containsEntry("bus_events_processed", 9L)
                .containsEntry("bus_events_dropped_overflow", 6L).containsEntry("bus_events_pending", 0L);
    }

    @Test
    void aWaitForProcessingThatDeactivationDiscardsReturnsAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        bridge = new EventAdminBridgeComponent(blockingUntil(release), sessions,
                source(Map.of("shutdown.timeout.ms", 0L)), log.logger(), NO_HOME_SOURCES, threads);
        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        RecordingSink.await(() -> bridge.counters().get("bus_events_pending") == 1, "the first event to block");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                () -> bridge.awaitProcessed(Duration.ofMinutes(5)));
        // The first event blocks the bridge thread; the second and the marker wait behind it.
        RecordingSink.await(() -> bridge.pendingItems() == 2, "the marker to be queued behind the blocked event");

        long start = System.nanoTime();
        bridge.deactivate();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(bridge.counters()).containsEntry("bus_events_pending", 0L)
                .containsEntry("bus_events_dropped_overflow", 1L);
        bridge = null;
    }

    @Test
    void eventsArrivingWhileDeactivatingAreEachCountedOnceAndTheQueueNeverGoesNegative() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        bridge = new EventAdminBridgeComponent(blockingUntil(release), sessions,
                source(Map.of("shutdown.timeout.ms", 0L)), log.logger(), NO_HOME_SOURCES, threads);
        Event capture = new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used"));
        int publishers = 4;
        int perPublisher = 20_000;
        ExecutorService threads = Executors.newFixedThreadPool(publishers);
        CountDownLatch started = new CountDownLatch(publishers);
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            done.add(threads.submit(() -> {
                started.countDown();
                for (int i = 0; i < perPublisher; i++) {
                    bridge.handleEvent(capture);
                }
            }));
        }
        started.await();

        bridge.deactivate();
        release.countDown();
        for (Future<?> publisher : done) {
            publisher.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        Map<String, Long> counters = bridge.counters();
        assertThat(counters).containsEntry("bus_events_pending", 0L);
        assertThat(counters.get("bus_events_processed") + counters.get("bus_events_dropped_overflow"))
                .isEqualTo((long) publishers * perPublisher);
        bridge = null;
    }

    @Test
    void deactivationRecordsWhatIsStillQueuedAndLeavesTheOpenSessionsToTheHandOver() {
        queueAnInferenceBehindACaptureThatWasHeld();

        bridge.deactivate();
        bridge = null;

        // The aggregator reports it when the service hands over or the aggregator stops (the session package).
        assertThat(analytics.captures()).extracting(capture -> capture.event()).doesNotContain("chat_session_ended");
        assertThat(sessions.counters()).containsEntry("open_sessions", 1L);
        assertThat(source.listeners()).isZero();
    }

    @Test
    void aHandOverWaitsUntilTheBridgeProcessedWhatItHadQueued() {
        queueAnInferenceBehindACaptureThatWasHeld();

        source.handOver(Duration.ofSeconds(10));

        assertThat(bridge.pendingItems()).isZero();
        assertThat(sessions.counters()).containsEntry("open_sessions", 1L);
    }

    @Test
    void eventsQueuedWhenConsentIsWithdrawnAreIgnoredNotRecorded() {
        CountDownLatch release = new CountDownLatch(1);
        FakeAnalyticsService blocking = blockingUntil(release);
        bridge = new EventAdminBridgeComponent(blocking, sessions, source(Map.of()), log.logger(), NO_HOME_SOURCES,
                threads);
        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1")));
        RecordingSink.await(() -> bridge.counters().get("bus_events_pending") == 1, "the bridge thread to block");

        blocking.setEnabled(false);
        release.countDown();
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("bus_events_ignored_disabled", 1L)
                .containsEntry("open_sessions", 0L);
    }

    @Test
    void withdrawingConsentDiscardsAndCountsWhatIsQueuedSoAQuickOptInNeverProcessesIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        bridge = new EventAdminBridgeComponent(blockingUntil(release), sessions, source(Map.of()), log.logger(),
                NO_HOME_SOURCES, threads);
        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        RecordingSink.await(() -> bridge.counters().get("bus_events_pending") == 0, "the bridge thread to block");
        for (int i = 0; i < 150; i++) {
            bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "before-" + i)));
        }

        // The withdrawal waits for the event in hand, then discards the 150 behind it.
        Thread withdrawal = new Thread(source::withdraw);
        withdrawal.start();
        RecordingSink.await(() -> withdrawal.getState() == Thread.State.BLOCKED, "the withdrawal to wait");
        release.countDown();
        withdrawal.join(10_000);
        // One the bridge thread had taken just before may still be on its way to being ignored there.
        RecordingSink.await(() -> bridge.counters().get("bus_events_ignored_disabled") == 150
                && bridge.counters().get("bus_events_pending") == 0, "all 150 to be ignored");
        source.grant();
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "after")));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("bus_events_processed", 2L)
                .containsEntry("bus_events_ignored_disabled", 150L).containsEntry("open_sessions", 1L);
    }

    @Test
    void busEventsArrivingWhileConsentIsOffAreIgnoredAndTheBridgeFollowsTheSource() {
        bridge = start(Map.of());
        source.withdraw();
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1")));
        source.grant();
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s2")));
        assertThat(bridge.awaitProcessed(Duration.ofSeconds(10))).isTrue();

        assertThat(bridge.counters()).containsEntry("bus_events_ignored_disabled", 1L)
                .containsEntry("bus_events_processed", 1L).containsEntry("open_sessions", 1L);
        bridge.deactivate();
        bridge = null;
        assertThat(source.listeners()).isZero();
    }

    /** A collection whose size() throws {@code failure}, even a checked one. */
    private static Collection<Object> sizeThrowing(Throwable failure) {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return List.of().iterator();
            }

            @Override
            public int size() {
                throw EventAdminBridgeComponentTest.<RuntimeException>sneaky(failure);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    private static FakeAnalyticsService blockingUntil(CountDownLatch release) {
        return new FakeAnalyticsService() {
            @Override
            public CaptureResult capture(String eventName, Map<String, ?> properties) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.capture(eventName, properties);
            }
        };
    }

    private EventAdminBridgeComponent start(Map<String, Object> properties) {
        return new EventAdminBridgeComponent(analytics, sessions, source(properties), log.logger(), NO_HOME_SOURCES,
                threads);
    }

    // A bridge whose first capture was held until a session's inference was queued behind it, then let go.
    private void queueAnInferenceBehindACaptureThatWasHeld() {
        CountDownLatch release = new CountDownLatch(1);
        bridge = new EventAdminBridgeComponent(blockingUntil(release), sessions, source(Map.of()), log.logger(),
                NO_HOME_SOURCES, threads);
        bridge.handleEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        bridge.handleEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "open",
                "input_tokens", 9L)));
        release.countDown();
    }

    private FakeSettingsSource source(Map<String, Object> properties) {
        Map<String, Object> withHome = new HashMap<>(properties);
        withHome.put("home", home.toString());
        source.change(withHome);
        return source;
    }

    private enum Surface {
        LINUX;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
