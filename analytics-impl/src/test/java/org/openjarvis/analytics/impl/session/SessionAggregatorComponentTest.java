package org.openjarvis.analytics.impl.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.impl.testing.FakeAnalyticsService;
import org.openjarvis.analytics.impl.testing.FakeSettingsSource;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.openjarvis.analytics.impl.testing.RecordingSink;

class SessionAggregatorComponentTest {

    private static final String THREAD = "openjarvis-analytics-sessions";

    private final FakeAnalyticsService analytics = new FakeAnalyticsService();
    private final RecordingLogger log = new RecordingLogger();
    private FakeSettingsSource source = new FakeSettingsSource();
    private SessionAggregatorComponent component;

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    @Test
    void idleSessionsAreClosedOnTheConfiguredScheduleAfterAChangeInPlace() {
        component = new SessionAggregatorComponent(analytics, source, log.logger(),
                () -> System.currentTimeMillis() / 1000.0);
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
        RecordingSink.await(() -> threadRunning(), "the idle-check thread to start");

        component.deactivate();
        component = null;

        assertThat(source.listeners()).isZero();
        assertThat(analytics.captures()).singleElement().satisfies(capture -> {
            assertThat(capture.event()).isEqualTo("chat_session_ended");
            assertThat(capture.properties()).containsEntry("tokens_in", 5L);
        });
        RecordingSink.await(() -> !threadRunning(), "the idle-check thread to end");
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

    private SessionAggregatorComponent start() {
        return new SessionAggregatorComponent(analytics, source, log.logger(), () -> 0.0);
    }

    private static boolean threadRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(THREAD) && thread.isAlive());
    }
}
