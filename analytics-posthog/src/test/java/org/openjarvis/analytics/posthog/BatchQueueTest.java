package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

class BatchQueueTest {

    @Test
    void boundedByCountAndByBytesRefusingTheNewest() {
        BatchQueue byCount = new BatchQueue(2, 1_000);
        assertThat(byCount.offer(entry("a", 10))).isTrue();
        assertThat(byCount.full()).isFalse();
        assertThat(byCount.offer(entry("b", 10))).isTrue();
        assertThat(byCount.full()).isTrue();
        assertThat(byCount.offer(entry("c", 10))).isFalse();
        byCount.take(1, 1, 1_000);
        assertThat(byCount.full()).isFalse();

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

        queue.awaitBatch(3, 3, 1_000_000, Duration.ofHours(1));
        List<BatchQueue.Entry> batch = queue.take(3, 3, 1_000_000);

        assertThat(batch).extracting(BatchQueueTest::name).containsExactly("e0", "e1", "e2");
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.bytes()).isEqualTo(20);
    }

    @Test
    void aQueueHoldingMoreThanOneBatchGivesUpToTheDeepLimitAndAShallowOneTheBatchSize() {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        for (int i = 0; i < 12; i++) {
            queue.offer(entry("e" + i, 10));
        }

        assertThat(queue.take(3, 5, 1_000_000)).as("deep").hasSize(5);
        assertThat(queue.take(3, 5, 45)).as("deep, within the byte limit").hasSize(4);
        assertThat(queue.take(3, 5, 1_000_000)).as("one batch queued: shallow").hasSize(3);
        assertThat(queue.size()).isZero();
    }

    @Test
    void aBatchNeverExceedsItsByteLimitButAlwaysTakesOneEvent() {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        queue.offer(entry("big", 500));
        queue.offer(entry("small", 100));

        assertThat(queue.take(100, 100, 400)).extracting(BatchQueueTest::name).containsExactly("big");
        assertThat(queue.take(100, 100, 400)).extracting(BatchQueueTest::name).containsExactly("small");
        assertThat(queue.take(100, 100, 400)).isEmpty();
    }

    @Test
    void theIntervalEndsAWaitWithWhateverIsQueued() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        queue.offer(entry("only", 10));

        queue.awaitBatch(100, 100, 1_000_000, Duration.ofMillis(50));
        assertThat(queue.take(100, 100, 1_000_000)).hasSize(1);
    }

    @Test
    void aFlushRequestOrANewFullBatchWakesTheSender() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        CompletableFuture<List<BatchQueue.Entry>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                queue.awaitBatch(100, 100, 1_000_000, Duration.ofHours(1));
                return queue.take(100, 100, 1_000_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.offer(entry("x", 10));
        queue.requestFlush();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).extracting(BatchQueueTest::name).containsExactly("x");
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

    @Test
    void aBatchExactlyAtItsCountOrByteLimitIsReadyAtOnce() throws Exception {
        BatchQueue byCount = new BatchQueue(100, 1_000_000);
        for (int i = 0; i < 3; i++) {
            byCount.offer(entry("e" + i, 10));
        }
        BatchQueue byBytes = new BatchQueue(100, 1_000_000);
        byBytes.offer(entry("a", 10));
        byBytes.offer(entry("b", 10));

        // Neither waits for the hour-long interval.
        CompletableFuture.runAsync(() -> awaitBatch(byCount, 3, 1_000_000)).get(10, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> awaitBatch(byBytes, 100, 20)).get(10, TimeUnit.SECONDS);

        assertThat(byCount.take(3, 3, 1_000_000)).hasSize(3);
        assertThat(byBytes.take(100, 100, 20)).as("a batch may be filled exactly to its byte limit")
                .extracting(BatchQueueTest::name).containsExactly("a", "b");
    }

    @Test
    void theSenderWaitsForAFullBatchWhileFewerEventsAreQueued() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        queue.offer(entry("first", 10));
        CompletableFuture<List<BatchQueue.Entry>> taken = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            awaitBatch(queue, 2, 1_000_000);
            taken.complete(queue.take(2, 2, 1_000_000));
        });
        sender.setDaemon(true);
        sender.start();
        await(() -> sender.getState() == Thread.State.TIMED_WAITING || taken.isDone());

        queue.offer(entry("second", 10));

        assertThat(taken.get(10, TimeUnit.SECONDS)).extracting(BatchQueueTest::name)
                .containsExactly("first", "second");
    }

    @Test
    void whileABatchIsBeingSentTheSenderWaitsForAFullOneOrForThatBatchToBeSent() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        assertThat(queue.takeToSend(2, 5, 1_000_000)).as("nothing queued: nothing is being sent").isEmpty();
        queue.offer(entry("out", 10));
        assertThat(queue.takeToSend(2, 5, 1_000_000)).hasSize(1);
        for (int i = 0; i < 3; i++) {
            queue.offer(entry("e" + i, 10));
        }

        CompletableFuture<Void> waited = waitingSender(queue, 2, 5);
        assertThat(waited).as("3 queued: a batch, but not a full one").isNotDone();
        queue.sent();
        waited.get(10, TimeUnit.SECONDS);

        assertThat(queue.takeToSend(2, 5, 1_000_000)).hasSize(3);
        for (int i = 0; i < 4; i++) {
            queue.offer(entry("f" + i, 10));
        }
        waited = waitingSender(queue, 2, 5);
        assertThat(waited).as("4 of 5").isNotDone();
        queue.offer(entry("f4", 10));
        waited.get(10, TimeUnit.SECONDS);
    }

    // A sender waiting in awaitBatch on a thread of its own, once it waits (or is done already).
    private static CompletableFuture<Void> waitingSender(BatchQueue queue, int batchSize, int deepMaxEvents)
            throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            awaitBatch(queue, batchSize, deepMaxEvents, 1_000_000);
            done.complete(null);
        });
        sender.setDaemon(true);
        sender.start();
        await(() -> sender.getState() == Thread.State.TIMED_WAITING || done.isDone());
        return done;
    }

    @Test
    void theGaugesCanBeReadWhileTheSenderUsesTheQueueFromItsOwnThread() throws Exception {
        BatchQueue queue = new BatchQueue(100, 1_000_000);
        queue.offer(entry("a", 10));

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.bytes()).isEqualTo(10);
        List<BatchQueue.Entry> taken = CompletableFuture.supplyAsync(() -> {
            awaitBatch(queue, 1, 1_000_000);
            return queue.take(1, 1, 1_000_000);
        }).get(10, TimeUnit.SECONDS);

        assertThat(taken).extracting(BatchQueueTest::name).containsExactly("a");
        assertThat(queue.size()).isZero();
        assertThat(queue.bytes()).isZero();
    }

    // The sender's wait, with an interval no test waits for.
    private static void awaitBatch(BatchQueue queue, int maxEvents, long maxBatchBytes) {
        awaitBatch(queue, maxEvents, maxEvents, maxBatchBytes);
    }

    private static void awaitBatch(BatchQueue queue, int batchSize, int deepMaxEvents, long maxBatchBytes) {
        try {
            queue.awaitBatch(batchSize, deepMaxEvents, maxBatchBytes, Duration.ofHours(1));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    // An entry of the given size whose bytes start with its name, padded with spaces.
    private static BatchQueue.Entry entry(String name, int bytes) {
        byte[] json = Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), bytes);
        Arrays.fill(json, name.length(), bytes, (byte) ' ');
        return new BatchQueue.Entry(json);
    }

    private static String name(BatchQueue.Entry entry) {
        return new String(entry.json(), StandardCharsets.US_ASCII).strip();
    }
}
