package org.openjarvis.analytics.impl.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.impl.testing.FakeAnalyticsService;
import org.openjarvis.analytics.impl.testing.FakeSettingsSource;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.openjarvis.analytics.impl.testing.RecordingSink;
import org.openjarvis.analytics.impl.testing.RecordingThreads;

class SessionAggregatorComponentTest {

    private final FakeAnalyticsService analytics = new FakeAnalyticsService();
    private final RecordingLogger log = new RecordingLogger();
    private final RecordingThreads threads = new RecordingThreads();
    private FakeSettingsSource source = new FakeSettingsSource();
    private SessionAggregatorComponent component;
    private volatile double clock;

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    @Test
    void idleSessionsAreClosedOnTheConfiguredScheduleAfterAChangeInPlace() {
        component = new SessionAggregatorComponent(analytics, source, log.logger(),
                () -> System.currentTimeMillis() / 1000.0, threads);
        source.change(Map.of("session.idle.timeout.seconds", 1L, "session.tick.seconds", 1L));

        component.recordInference("idle", 3, 4, 0, "", "");

        RecordingSink.await(() -> analytics.captures().stream().anyMatch(c -> c.event().equals("chat_session_ended")),
                "the idle session to be reported");
        assertThat(component.counters()).containsEntry("open_sessions", 0L);
    }

    @Test
    void deactivationReportsOpenSessionsLikeTheReferenceShutdownAndStopsItsThread() {
        component = start();
        component.recordInference("open", 5, 0, 0, "", "");
        component.recordTool("without-inference", "");
        RecordingSink.await(() -> threads.alive() == 1, "the idle-check thread to start");

        component.deactivate();
        component = null;

        assertThat(source.listeners()).isZero();
        assertThat(analytics.captures()).singleElement().satisfies(capture -> {
            assertThat(capture.event()).isEqualTo("chat_session_ended");
            assertThat(capture.properties()).containsEntry("tokens_in", 5L);
        });
        RecordingSink.await(() -> threads.alive() == 0, "the idle-check thread to end");
        assertThat(threads.made()).as("one thread for all idle checks").isEqualTo(1);
    }

    @Test
    void withdrawnConsentForgetsOpenSessionsAndRecordsNothingUntilItIsBack() {
        component = start();
        component.recordInference("before", 1, 0, 0, "", "");

        source.withdraw();
        component.recordInference("while-off", 1, 0, 0, "", "");
        assertThat(component.counters()).containsEntry("open_sessions", 0L)
                .containsEntry("sessions_discarded_consent", 1L);
        assertThat(log.lines()).anyMatch(line -> line.contains("1 open chat sessions were forgotten"));

        source.grant();
        component.endSession("before");
        component.recordInference("after", 7, 0, 0, "", "");
        component.deactivate();
        component = null;

        assertThat(analytics.captures()).singleElement()
                .satisfies(capture -> assertThat(capture.properties()).containsEntry("tokens_in", 7L));
    }

    @Test
    void withConsentOffFromTheStartNothingIsCollectedUntilItIsGiven() {
        source = FakeSettingsSource.withoutConsent();
        component = start();

        component.recordInference("s1", 1, 0, 0, "", "");
        assertThat(component.counters()).containsEntry("open_sessions", 0L);

        source.grant();
        component.recordInference("s2", 1, 0, 0, "", "");
        assertThat(component.counters()).containsEntry("open_sessions", 1L);
    }

    @Test
    void eachRecordingReachesTheAggregatorAndReportingOpenSessionsLeavesItCollecting() {
        clock = 100.0;
        component = start();
        component.recordInference("s", 3, 4, 10.0, "model-a", "engine-a");
        clock = 100.5;
        component.recordInference("s", 5, 6, 30.0, "model-a", "engine-a");
        component.recordTool("s", "search");
        component.recordTool("s", "search");
        component.recordError("s");
        assertThat(component.counters()).containsEntry("open_sessions", 1L);

        component.reportOpenSessions();

        assertThat(component.counters()).containsEntry("open_sessions", 0L);
        assertThat(analytics.captures()).singleElement().satisfies(capture -> assertThat(capture.properties())
                .containsEntry("turn_count", 2L).containsEntry("tokens_in", 8L).containsEntry("tokens_out", 10L)
                .containsEntry("latency_ms_p50", 20.0).containsEntry("tool_count", 2L)
                .containsEntry("unique_tools", 1L).containsEntry("error_count", 1L)
                .containsEntry("duration_ms", 500L).containsEntry("model_hash", "model-a")
                .containsEntry("engine", "engine-a"));

        component.recordInference("next", 1, 0, 0, "", "");
        component.endSession("next");
        assertThat(analytics.captures()).as("still collecting after the report").hasSize(2);
    }

    @Test
    void idleChecksRunOnOneNamedDaemonThread() {
        component = start();
        RecordingSink.await(() -> threads.alive() == 1, "the idle-check thread to start");

        assertThat(threads.threads()).singleElement().satisfies(thread -> {
            assertThat(thread.getName()).isEqualTo("openjarvis-analytics-sessions");
            assertThat(thread.isDaemon()).as("never keeps the JVM from exiting").isTrue();
        });
    }

    @Test
    void theActivatedComponentTimesSessionsByTheWallClock() throws InterruptedException {
        component = new SessionAggregatorComponent(analytics, source, log.logger());
        long before = System.currentTimeMillis();
        component.recordInference("s", 1, 0, 0, "", "");
        TimeUnit.MILLISECONDS.sleep(50);
        component.recordInference("s", 1, 0, 0, "", "");
        long elapsed = System.currentTimeMillis() - before;

        component.endSession("s");

        assertThat(analytics.captures()).singleElement().satisfies(capture -> assertThat(
                (Long) capture.properties().get("duration_ms")).as("milliseconds between the two inferences")
                .isBetween(1L, elapsed + 1));
    }

    @Test
    void withdrawingConsentWithNoOpenSessionLogsNothing() {
        component = start();

        source.withdraw();

        assertThat(log.lines()).noneMatch(line -> line.contains("forgotten"));
        assertThat(component.counters()).containsEntry("sessions_discarded_consent", 0L);
    }

    @Test
    void settingsChangesThatKeepTheTickDoNotPostponeTheIdleCheck() throws InterruptedException {
        clock = 0;
        component = start();
        source.change(Map.of("session.idle.timeout.seconds", 1L, "session.tick.seconds", 1L));
        component.recordInference("idle", 1, 0, 0, "", "");
        clock = 100;

        // Another setting changes several times per tick, until the idle check has run; it would never run if each
        // change started the schedule over.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long idle = 2; analytics.captures().isEmpty(); idle = 3 - idle) {
            assertThat(System.nanoTime()).as("the idle check to run within 10 s").isLessThan(deadline);
            source.change(Map.of("session.idle.timeout.seconds", idle, "session.tick.seconds", 1L));
            TimeUnit.MILLISECONDS.sleep(200);
        }

        assertThat(analytics.captures()).singleElement()
                .satisfies(capture -> assertThat(capture.event()).isEqualTo("chat_session_ended"));
    }

    @Test
    void aNewTickReplacesTheScheduleOfTheOldOne() throws InterruptedException {
        clock = 0;
        component = start();
        source.change(Map.of("session.idle.timeout.seconds", 1L, "session.tick.seconds", 1L));
        source.change(Map.of("session.idle.timeout.seconds", 1L, "session.tick.seconds", 3600L));
        component.recordInference("idle", 1, 0, 0, "", "");
        clock = 100;

        TimeUnit.SECONDS.sleep(3); // three ticks of the old schedule, had it been left running

        assertThat(analytics.captures()).as("no idle check before the hour-long tick").isEmpty();
        assertThat(component.counters()).containsEntry("open_sessions", 1L);
    }

    @Test
    void aFailedIdleCheckIsLoggedAndTheNextOneRunsOnSchedule() {
        AtomicBoolean failed = new AtomicBoolean();
        FakeAnalyticsService failingOnce = new FakeAnalyticsService() {
            @Override
            public CaptureResult capture(String eventName, Map<String, ?> properties) {
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("capture failed");
                }
                return super.capture(eventName, properties);
            }
        };
        clock = 0;
        component = new SessionAggregatorComponent(failingOnce, source, log.logger(), () -> clock, threads);
        source.change(Map.of("session.idle.timeout.seconds", 1L, "session.tick.seconds", 1L));
        component.recordInference("lost", 1, 0, 0, "", "");
        clock = 100;
        RecordingSink.await(failed::get, "an idle check to fail");
        component.recordInference("next", 2, 0, 0, "", "");
        clock = 200;

        RecordingSink.await(() -> !failingOnce.captures().isEmpty(), "the next idle check");

        assertThat(failingOnce.captures()).singleElement()
                .satisfies(capture -> assertThat(capture.properties()).containsEntry("tokens_in", 2L));
        assertThat(log.lines()).contains("DEBUG Idle session check failed: java.lang.IllegalStateException: "
                + "capture failed");
    }

    @Test
    void deactivationOnAnInterruptedThreadStillReportsOpenSessionsAndKeepsTheInterrupt() {
        CountDownLatch ticking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        component = new SessionAggregatorComponent(analytics, source, log.logger(),
                blockingIdleChecks(ticking, release), threads);
        source.change(Map.of("session.tick.seconds", 1L));
        component.recordInference("open", 2, 0, 0, "", "");
        RecordingSink.await(() -> ticking.getCount() == 0, "an idle check to run");

        boolean interrupted;
        Thread.currentThread().interrupt();
        try {
            component.deactivate();
        } finally {
            interrupted = Thread.interrupted();
            release.countDown();
        }
        component = null;

        assertThat(interrupted).isTrue();
        assertThat(analytics.captures()).singleElement()
                .satisfies(capture -> assertThat(capture.properties()).containsEntry("tokens_in", 2L));
    }

    @Test
    void deactivationLetsARunningIdleCheckFinishBeforeReportingTheRest() throws InterruptedException {
        CountDownLatch ticking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        component = new SessionAggregatorComponent(analytics, source, log.logger(),
                blockingIdleChecks(ticking, release), threads);
        source.change(Map.of("session.tick.seconds", 1L, "session.idle.timeout.seconds", 300L,
                "shutdown.timeout.ms", 600_000L));
        clock = 0;
        component.recordInference("idle-1", 1, 0, 0, "", "");
        clock = 1_000;
        component.recordInference("active", 2, 0, 0, "", "");
        clock = 0;
        component.recordInference("idle-3", 3, 0, 0, "", "");
        clock = 1_000; // what the running check reads once released: idle-1 and idle-3 are idle, active is not
        RecordingSink.await(() -> ticking.getCount() == 0, "an idle check to run");

        SessionAggregatorComponent stopping = component;
        component = null;
        Thread deactivation = new Thread(stopping::deactivate);
        deactivation.start();
        RecordingSink.await(() -> deactivation.getState() == Thread.State.TIMED_WAITING || !deactivation.isAlive(),
                "the deactivation to wait for the running check, or to end");
        release.countDown();
        deactivation.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(deactivation.isAlive()).isFalse();
        assertThat(analytics.captures()).extracting(capture -> capture.properties().get("tokens_in"))
                .as("the check's two idle sessions, then the one deactivation reports").containsExactly(1L, 3L, 2L);
    }

    // The clock, which each idle check reads first: on the idle-check thread it signals and holds that check
    // until released.
    private DoubleSupplier blockingIdleChecks(CountDownLatch ticking, CountDownLatch release) {
        return () -> {
            if (threads.threads().contains(Thread.currentThread())) {
                ticking.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return clock;
        };
    }

    private SessionAggregatorComponent start() {
        return new SessionAggregatorComponent(analytics, source, log.logger(), () -> clock, threads);
    }
}
