package org.openjarvis.analytics.impl.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

    private SessionAggregatorComponent start() {
        return new SessionAggregatorComponent(analytics, source, log.logger(), () -> clock, threads);
    }
}
