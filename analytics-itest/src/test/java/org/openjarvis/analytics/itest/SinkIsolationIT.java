package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.SinkStatus;

/** A sink that throws or blocks harms neither the caller nor the other sinks. */
class SinkIsolationIT extends AnalyticsTestSupport {

    @Test
    void aThrowingAndABlockingSinkDoNotHurtTheOthers() {
        CountDownLatch release = new CountDownLatch(1);
        register((AnalyticsSink) event -> {
            throw new IllegalStateException("broken sink");
        }, "throwing");
        register(blockedUntil(release), "blocking");
        RecordingSink healthy = register(new RecordingSink(), "healthy");
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                            .isEqualTo(CaptureResult.ACCEPTED);
                }
            });

            await(() -> healthy.events().size() == 20, "all 20 events at the healthy sink");
            await(() -> counter("throwing", "dropped_sink_error") == 20, "the throwing sink's errors counted");
            assertThat(status("throwing").health()).isEqualTo(SinkStatus.Health.DEGRADED);
            assertThat(status("blocking").counters().get("handed")).isZero();
        } finally {
            release.countDown();
        }
    }

    private long counter(String sink, String name) {
        return status(sink).counters().getOrDefault(name, -1L);
    }

    private SinkStatus status(String name) {
        return sinkStatus(name).orElseThrow();
    }
}
