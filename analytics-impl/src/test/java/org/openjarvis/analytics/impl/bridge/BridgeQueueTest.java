package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.impl.testing.RecordingSink;
import org.openjarvis.analytics.impl.testing.RecordingThreads;

class BridgeQueueTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    private final List<String> processed = new CopyOnWriteArrayList<>();
    private final AtomicInteger overflow = new AtomicInteger();
    private final RecordingThreads threads = new RecordingThreads();
    private final CountDownLatch release = new CountDownLatch(1);
    private BridgeQueue queue;

    @AfterEach
    void stop() {
        release.countDown();
        if (queue != null) {
            queue.stop(LONG);
        }
    }

    // A queue whose processing of the topic "block" waits until release opens.
    private BridgeQueue queue() {
        queue = new BridgeQueue((topic, data, epoch) -> {
            if (topic.equals("block")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            processed.add(topic + "@" + epoch);
        }, overflow::incrementAndGet, threads);
        return queue;
    }

    // Queues "block" (taken into hand, where it waits for release), "a" and "b", then starts a thread whose marker
    // waits behind them and records 1 if the queue reached it.
    private Thread markerBehindTwoEventsBehindOneInHand(AtomicInteger reached) {
        offer("block", 1, 10, 1000);
        RecordingSink.await(() -> queue.pendingItems() == 0, "the first event to be in hand");
        offer("a", 1, 10, 1000);
        offer("b", 1, 10, 1000);
        Thread waiter = new Thread(() -> reached.set(queue.awaitProcessed(LONG) ? 1 : 0));
        waiter.start();
        RecordingSink.await(() -> queue.pendingItems() == 3, "the marker behind the two events");
        return waiter;
    }

    private boolean offer(String topic, long bytes, int maxCount, long maxBytes) {
        return queue.offer(topic, Map.of(), bytes, 1, maxCount, maxBytes);
    }

    @Test
    void eventsAreProcessedInArrivalOrderOnOneThreadAndAMarkerWaitsForThem() {
        queue();
        for (int i = 0; i < 100; i++) {
            assertThat(offer("e" + i, 10, 1000, 100_000)).isTrue();
        }

        assertThat(queue.awaitProcessed(LONG)).isTrue();

        assertThat(processed).hasSize(100).startsWith("e0@1", "e1@1").endsWith("e99@1");
        assertThat(threads.made()).isEqualTo(1);
        assertThat(queue.queuedEvents()).isZero();
    }

    @Test
    void countAndBytesAreBothBoundedAndARefusalIsCountedAsOverflow() {
        queue();
        assertThat(offer("block", 10, 2, 100)).isTrue();
        RecordingSink.await(() -> queue.pendingItems() == 0, "the first event to be in hand");

        assertThat(offer("a", 60, 2, 100)).isTrue();
        assertThat(offer("too-many-bytes", 41, 2, 100)).isFalse();
        assertThat(offer("b", 40, 2, 100)).isTrue();
        assertThat(offer("too-many", 0, 2, 100)).isFalse();

        assertThat(overflow).hasValue(2);
        assertThat(queue.queuedEvents()).isEqualTo(2); // the event in hand released its room when it was taken
        release.countDown();
        assertThat(queue.awaitProcessed(LONG)).isTrue();
        assertThat(processed).containsExactly("block@1", "a@1", "b@1");
        assertThat(offer("c", 100, 2, 100)).as("all room given back").isTrue();
    }

    @Test
    void discardingTakesOutEveryQueuedEventButNotTheMarkers() throws Exception {
        queue();
        AtomicInteger reached = new AtomicInteger(-1);
        Thread waiter = markerBehindTwoEventsBehindOneInHand(reached);

        assertThat(queue.discardEvents()).isEqualTo(2);
        release.countDown();
        waiter.join();

        assertThat(reached).hasValue(1);
        assertThat(processed).containsExactly("block@1");
        assertThat(queue.queuedEvents()).isZero();
        assertThat(overflow).hasValue(0);
    }

    @Test
    void stoppingPastItsDeadlineDropsAndCountsWhatIsLeftAndReleasesWaiters() throws Exception {
        queue();
        AtomicInteger reached = new AtomicInteger(-1);
        Thread waiter = markerBehindTwoEventsBehindOneInHand(reached);

        assertThat(queue.stop(Duration.ZERO)).isEqualTo(2);
        waiter.join();

        assertThat(reached).as("a discarded marker reports false at once").hasValue(0);
        assertThat(overflow).hasValue(2);
        assertThat(queue.queuedEvents()).isZero();
        assertThat(offer("late", 1, 10, 1000)).as("refused once stopped, and counted").isFalse();
        assertThat(overflow).hasValue(3);
        assertThat(queue.awaitProcessed(LONG)).isFalse();
        RecordingSink.await(() -> threads.alive() == 0, "the thread to end");
    }
}
