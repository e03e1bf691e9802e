package org.openjarvis.analytics.impl.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The aggregator's bounds, which the reference does not have; its exact behaviour is in the conformance vectors. */
class SessionAggregatorTest {

    private final List<Map<String, Object>> emitted = new ArrayList<>();

    @Test
    void upToTheCapacityEveryLatencyIsKeptAndThePercentilesAreExact() {
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300, () -> 0.0);
        for (int i = LatencySamples.CAPACITY; i >= 1; i--) {
            aggregator.recordInference("s", 0, 0, i, "", "");
        }
        aggregator.endSession("s");

        // The reference's _percentile of 1.0..100000.0 in CPython 3.11: 50000.5 and 95000.04999999999.
        assertThat(emitted).singleElement().satisfies(props -> {
            assertThat(props).containsEntry("latency_ms_p50", 50_000.5);
            assertThat(props).containsEntry("latency_ms_p95", 95_000.04999999999);
        });
    }

    @Test
    void beyondTheCapacityASessionHoldsAUniformSampleOfItsLatencies() {
        LatencySamples samples = new LatencySamples();
        SplittableRandom random = new SplittableRandom(20260527);
        for (int i = 1; i <= 1_000_000; i++) {
            samples.add(i, random);
        }

        assertThat(samples.size()).isEqualTo(LatencySamples.CAPACITY);
        assertThat(samples.seen()).isEqualTo(1_000_000);
        double[] sorted = samples.sorted();
        // A uniform sample of 100 000 out of 1..1 000 000: the sample quantiles' standard error is about 0.15% of
        // the range, so 1% is a wide margin; a sample that kept only the first values would have p50 near 50 000.
        assertThat(Percentiles.ofSorted(sorted, 0.50)).isCloseTo(500_000, within(10_000.0));
        assertThat(Percentiles.ofSorted(sorted, 0.95)).isCloseTo(950_000, within(10_000.0));
    }

    @Test
    void aSessionWithMoreLatenciesThanTheCapacityStillReportsEstimates() {
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300, () -> 0.0, 1000,
                SessionAggregator.MAX_OPEN_SESSIONS);
        for (int i = 1; i <= 100_000; i++) {
            aggregator.recordInference("s", 0, 0, i, "", "");
        }
        aggregator.shutdown();

        assertThat(emitted).singleElement().satisfies(props -> {
            assertThat(props).containsEntry("turn_count", 100_000L);
            assertThat((Double) props.get("latency_ms_p50")).isCloseTo(50_000, within(8_000.0));
        });
    }

    @Test
    void aNewSessionBeyondTheLimitClosesTheLeastRecentlyActiveOneAsAnIdleFlushWould() {
        double[] now = {0.0};
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300,
                () -> now[0]);
        for (int i = 0; i < SessionAggregator.MAX_OPEN_SESSIONS; i++) {
            now[0] = i;
            aggregator.recordInference("s" + i, i, 0, 0.0, "", "");
        }
        now[0] = 20_000;
        aggregator.recordTool("s0", ""); // s0 is active again: s1 is now the least recently active

        aggregator.recordError("new");

        assertThat(aggregator.counters()).containsEntry("open_sessions", (long) SessionAggregator.MAX_OPEN_SESSIONS);
        assertThat(aggregator.counters()).containsEntry("sessions_closed_early", 1L);
        assertThat(emitted).singleElement().satisfies(props -> assertThat(props).containsEntry("tokens_in", 1L)
                .containsEntry("duration_ms", 0L));

        aggregator.recordTool("newer", ""); // closes s2
        aggregator.recordTool("newest", ""); // closes s3
        aggregator.endSession("s0");
        assertThat(aggregator.counters()).containsEntry("sessions_closed_early", 3L);
        assertThat(emitted).extracting(props -> props.get("tokens_in")).containsExactly(1L, 2L, 3L, 0L);
    }

    @Test
    void aSessionClosedEarlyByANewSessionsFirstInferenceIsReported() {
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300, () -> 0.0,
                LatencySamples.CAPACITY, 2);
        aggregator.recordInference("a", 5, 0, 0.0, "", "");
        aggregator.recordInference("b", 6, 0, 0.0, "", "");

        aggregator.recordInference("c", 7, 0, 0.0, "", "");

        assertThat(aggregator.counters()).containsEntry("sessions_closed_early", 1L).containsEntry("open_sessions", 2L);
        assertThat(emitted).singleElement().satisfies(props -> assertThat(props).containsEntry("tokens_in", 5L));
    }

    @Test
    void aSessionClosedEarlyWithoutAnInferenceIsCountedButNotReported() {
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300, () -> 0.0,
                LatencySamples.CAPACITY, 2);
        aggregator.recordTool("a", "t");
        aggregator.recordError("b");
        aggregator.recordInference("c", 0, 0, 0.0, "", "");
        aggregator.recordInference("d", 0, 0, 0.0, "", "");

        assertThat(aggregator.counters()).containsEntry("sessions_closed_early", 2L);
        assertThat(aggregator.counters()).containsEntry("open_sessions", 2L);
        assertThat(emitted).isEmpty();
        aggregator.shutdown();
        assertThat(emitted).hasSize(2);
    }

    @Test
    void stoppingCollectionForgetsOpenSessionsUnreportedAndIgnoresRecordsUntilRestarted() {
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300, () -> 0.0);
        aggregator.recordInference("a", 1, 0, 0.0, "", "");
        aggregator.recordTool("b", "t");

        assertThat(aggregator.stopCollecting()).isEqualTo(2);
        aggregator.recordInference("a", 2, 0, 0.0, "", "");
        aggregator.recordError("c");
        aggregator.endSession("a");
        assertThat(aggregator.counters()).containsEntry("open_sessions", 0L)
                .containsEntry("sessions_discarded_consent", 2L);

        aggregator.startCollecting();
        aggregator.recordInference("a", 4, 0, 0.0, "", "");
        aggregator.recordInference("b", 8, 0, 0.0, "", ""); // open before, and not ended since: a new session
        assertThat(aggregator.counters()).containsEntry("open_sessions", 2L);
        aggregator.shutdown();
        assertThat(emitted).hasSize(2);
        assertThat(emitted.get(0)).containsEntry("tokens_in", 4L).containsEntry("turn_count", 1L);
        assertThat(emitted.get(1)).containsEntry("tokens_in", 8L).containsEntry("turn_count", 1L)
                .containsEntry("tool_count", 0L);
    }

    @Test
    void tokenSumsThatWouldOverflowAreHeldAtTheLargestLong() {
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300, () -> 0.0);
        aggregator.recordInference("s", Long.MAX_VALUE, 1, 0.0, "", "");
        aggregator.recordInference("s", 5, Long.MAX_VALUE, 0.0, "", "");

        aggregator.endSession("s");

        // Python's ints never overflow; a long that would is held at its maximum rather than wrapping negative.
        assertThat(emitted).singleElement().satisfies(props -> assertThat(props)
                .containsEntry("tokens_in", Long.MAX_VALUE).containsEntry("tokens_out", Long.MAX_VALUE));
    }

    @Test
    void reportingOpenSessionsEmitsThemButLeavesIdleChecksRunningUnlikeShutdown() {
        double[] now = {0.0};
        SessionAggregator aggregator = new SessionAggregator((event, props) -> emitted.add(props), 300,
                () -> now[0]);
        aggregator.recordInference("a", 1, 0, 0.0, "", "");
        aggregator.recordTool("no-inference", "t");

        aggregator.reportOpenSessions();
        assertThat(emitted).hasSize(1);
        assertThat(aggregator.counters()).containsEntry("open_sessions", 0L);

        aggregator.recordInference("b", 2, 0, 0.0, "", "");
        now[0] = 301;
        aggregator.flushIdle();
        assertThat(emitted).extracting(props -> props.get("tokens_in")).containsExactly(1L, 2L);
    }
}
