package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import org.junit.jupiter.api.Test;

/**
 * Every test of {@link PostHogSinkTest} with four batches in flight at once, and what only several lanes can show:
 * that the batches are outstanding together, and that a discard and a refused key reach all of them.
 */
class PipelinedPostHogSinkTest extends PostHogSinkTest {

    private static final int LANES = 4;

    @Override
    int maxInFlight() {
        return LANES;
    }

    @Test
    void asManyBatchesAsLanesAreOutstandingAtOnce() throws Exception {
        HeldRequests held = new HeldRequests(200);
        server.setDispatcher(held);
        sink = sink(limits(1_000, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(30));

        for (int i = 0; i < 10; i++) {
            sink.deliver(event("feature_used"));
        }

        assertThat(held.arrived.await(10, TimeUnit.SECONDS)).as("four requests at the server together").isTrue();
        assertThat(held.outstanding.get()).isEqualTo(LANES);
        held.release.countDown();
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(held.mostOutstanding.get()).isEqualTo(LANES); // never more than the lanes
        assertAccounting(10, 0, 10, 0, 0);
    }

    @Test
    void aDiscardWithdrawsEveryBatchInFlightAndCountsEachEventOnce() throws Exception {
        HeldRequests held = new HeldRequests(200);
        server.setDispatcher(held);
        sink = sink(limits(1_000, 1 << 20, 2, 2, 5 << 20, LONG_INTERVAL), client(30));
        for (int i = 0; i < 2 * LANES + 3; i++) {
            sink.deliver(event("feature_used"));
        }
        assertThat(held.arrived.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(sink.discardPending()).as("every lane's batch of 2, and the 3 queued").isEqualTo(2 * LANES + 3);

        held.release.countDown();
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.status().counters()).containsEntry("discarded_consent", 2L * LANES + 3)
                .containsEntry("sent", 0L).containsEntry("retried", 0L);
        assertThat(server.getRequestCount()).as("nothing withdrawn was sent again").isEqualTo(LANES);
        assertAccounting(2 * LANES + 3, 0, 0, 2 * LANES + 3, 0);
    }

    @Test
    void aKeyRefusedOnOneLaneStopsEveryLaneAndIsReportedOnce() throws Exception {
        HeldRequests held = new HeldRequests(401);
        server.setDispatcher(held);
        sink = sink(limits(1_000, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(30));
        for (int i = 0; i < LANES; i++) {
            sink.deliver(event("feature_used"));
        }
        assertThat(held.arrived.await(10, TimeUnit.SECONDS)).isTrue();
        held.release.countDown(); // four refusals at once

        await(() -> sink.keyRefused() && sink.status().counters().get("dropped_unauthorized") == LANES);
        for (int i = 0; i < 6; i++) {
            sink.deliver(event("feature_used"));
        }
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(server.getRequestCount()).as("nothing sent once the circuit is open").isEqualTo(LANES);
        assertThat(warnings.stream().filter(line -> line.contains("refused the project API key"))).hasSize(1);
        assertAccounting(LANES + 6, 0, 0, LANES + 6, 0);
    }

    @Test
    void withTheDefaultLimitsABurstOfAHundredThousandTypicalEventsIsKeptAndSent() throws Exception {
        HeldRequests held = new HeldRequests(200);
        server.setDispatcher(held);
        PostHogSink.Limits defaults = PostHogSettings.read(PostHogSinkComponent.PID + "~test", Map.of("api.key", KEY))
                .settings().orElseThrow().limits();
        sink = sink(defaults, client(30));

        for (int i = 0; i < 100_000; i++) { // about 480 bytes of JSON each, as the benchmark's event
            sink.deliver(event("chat_session_ended", Map.of("engine", "ollama", "turn_count", 7, "tokens_in", 1234,
                    "tokens_out", 567, "duration_ms", 98765)));
        }

        assertThat(held.arrived.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.status().counters()).containsEntry("batched", 100_000L)
                .containsEntry("dropped_queue_full", 0L);
        held.release.countDown();
        assertThat(sink.flush(Duration.ofSeconds(60))).isTrue();
        assertAccounting(100_000, 0, 100_000, 0, 0);
    }

    /** Holds each request until released, once as many as there are lanes arrived; then answers {@code status}. */
    private static final class HeldRequests extends Dispatcher {
        final CountDownLatch arrived = new CountDownLatch(LANES);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger mostOutstanding = new AtomicInteger();
        private final int status;

        HeldRequests(int status) {
            this.status = status;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            mostOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
                return new MockResponse().setResponseCode(status);
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }
}
