package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BatchQueueTest {

    @Test
    void boundedByCountAndByBytesRefusingTheNewest() {
        BatchQueue byCount = new BatchQueue(2, 1_000);
        assertThat(byCount.offer(entry("a", 10))).isTrue();
        assertThat(byCount.offer(entry("b", 10))).isTrue();
        assertThat(byCount.offer(entry("c", 10))).isFalse();

        BatchQueue byBytes = new BatchQueue(100, 25);
        assertThat(byBytes.offer(entry("a", 20))).isTrue();
        assertThat(byBytes.offer(entry("b", 10))).isFalse();
        assertThat(byBytes.offer(entry("c", 5))).isTrue();
        assertThat(byBytes.bytes()).isEqualTo(25);
    }

    @Test
    void aFullBatchByCountReturnsWithoutWaitingForTheInterval() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        for (int i = 0; i < 5; i++) {
            queue.offer(entry("e" + i, 10));
        }

        queue.awaitBatch(3, 1_000_000, Duration.ofHours(1));
        List<BatchQueue.Entry> batch = queue.take(3, 1_000_000);

        assertThat(batch).extracting(BatchQueue.Entry::uuid).containsExactly("e0", "e1", "e2");
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.bytes()).isEqualTo(20);
    }

    @Test
    void aBatchNeverExceedsItsByteLimitButAlwaysTakesOneEvent() {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        queue.offer(entry("big", 500));
        queue.offer(entry("small", 100));

        assertThat(queue.take(100, 400)).extracting(BatchQueue.Entry::uuid).containsExactly("big");
        assertThat(queue.take(100, 400)).extracting(BatchQueue.Entry::uuid).containsExactly("small");
        assertThat(queue.take(100, 400)).isEmpty();
    }

    @Test
    void theIntervalEndsAWaitWithWhateverIsQueued() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        queue.offer(entry("only", 10));

        queue.awaitBatch(100, 1_000_000, Duration.ofMillis(50));
        assertThat(queue.take(100, 1_000_000)).hasSize(1);
    }

    @Test
    void aFlushRequestOrANewFullBatchWakesTheSender() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        CompletableFuture<List<BatchQueue.Entry>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                queue.awaitBatch(100, 1_000_000, Duration.ofHours(1));
                return queue.take(100, 1_000_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.offer(entry("x", 10));
        queue.requestFlush();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).extracting(BatchQueue.Entry::uuid).containsExactly("x");
    }

    @Test
    void drainAllEmptiesTheQueue() {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        queue.offer(entry("a", 10));
        queue.offer(entry("b", 10));

        assertThat(queue.drainAll()).hasSize(2);
        assertThat(queue.size()).isZero();
        assertThat(queue.bytes()).isZero();
    }

    private static BatchQueue.Entry entry(String uuid, int bytes) {
        return new BatchQueue.Entry(uuid, new byte[bytes]);
    }
}
