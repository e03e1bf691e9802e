package org.openjarvis.analytics.impl.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.SinkStatus;

class SinkHealthTest {

    private static final SinkStatus FILE = SinkStatus.healthy("file");
    private static final SinkStatus SLOW = SinkStatus.of("posthog~eu", SinkStatus.Health.DEGRADED,
            "HTTP 503, retrying in 4 s", Map.of());
    private static final SinkStatus REFUSED = SinkStatus.of("posthog~us", SinkStatus.Health.FAILING,
            "HTTP 401: the key was refused", Map.of());

    @Test
    void healthySinksAreOk() {
        Result result = SinkHealth.of(status(FILE));

        assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
        assertThat(messages(result)).containsExactly("OK Sink file is OK");
    }

    @Test
    void aDegradedSinkWarnsWithItsReason() {
        Result result = SinkHealth.of(status(FILE, SLOW));

        assertThat(result.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(messages(result)).contains("WARN Sink posthog~eu is DEGRADED: HTTP 503, retrying in 4 s");
    }

    @Test
    void aFailingSinkIsCriticalWhateverTheOthers() {
        Result result = SinkHealth.of(status(SLOW, REFUSED, FILE));

        assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(messages(result)).containsExactly("WARN Sink posthog~eu is DEGRADED: HTTP 503, retrying in 4 s",
                "CRITICAL Sink posthog~us is FAILING: HTTP 401: the key was refused", "OK Sink file is OK");
    }

    @Test
    void analyticsOffAndNoSinkAreReportedButHealthy() {
        Result result = SinkHealth.of(AnalyticsStatus.of(false, "user opt-out", null, Map.of(), List.of()));

        assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
        assertThat(messages(result)).containsExactly("OK Analytics is off (user opt-out): nothing is captured",
                "OK No sink is bound: accepted events wait in the backlog");
    }

    @Test
    void aSinkWithoutAReasonSaysSo() {
        Result result = SinkHealth.of(status(SinkStatus.of("custom", SinkStatus.Health.FAILING, "", Map.of())));

        assertThat(messages(result)).containsExactly("CRITICAL Sink custom is FAILING: no reason given");
    }

    private static AnalyticsStatus status(SinkStatus... sinks) {
        return AnalyticsStatus.of(true, null, "id", Map.of(), List.of(sinks));
    }

    private static List<String> messages(Result result) {
        return StreamSupport.stream(result.spliterator(), false)
                .map((ResultLog.Entry entry) -> entry.getStatus() + " " + entry.getMessage()).toList();
    }
}
