package org.openjarvis.analytics.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LingeringQueueTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);

    @Test
    void itemsComeOutInTheOrderTheyWereAdded() throws InterruptedException {
        LingeringQueue<String> queue = new LingeringQueue<>(Duration.ZERO);
        queue.add("a");
        queue.addAndWake("b");
        queue.add("c");

        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.take()).isEqualTo("c");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aRemovedItemIsNotTaken() throws InterruptedException {
        LingeringQueue<String> queue = new LingeringQueue<>(Duration.ZERO);
        queue.add("a");
        queue.add("b");

        assertThat(queue.remove("a")).isTrue();
        assertThat(queue.remove("a")).isFalse();
        assertThat(queue.take()).isEqualTo("b");
    }

    @Test
    void addWakesAnIdleConsumer() throws Exception {
        LingeringQueue<String> queue = new LingeringQueue<>(Duration.ZERO);
        Consumer consumer = Consumer.start(queue);
        consumer.awaitState(Thread.State.WAITING); // parked without a deadline: idle

        queue.add("a");

        assertThat(consumer.taken.get(10, TimeUnit.SECONDS)).isEqualTo("a");
    }

    @Test
    void addAndWakeWakesALingeringConsumer() throws Exception {
        LingeringQueue<String> queue = new LingeringQueue<>(AN_HOUR);
        Consumer consumer = Consumer.start(queue);
        consumer.awaitState(Thread.State.TIMED_WAITING); // parked until its linger ends

        queue.addAndWake("a");

        assertThat(consumer.taken.get(10, TimeUnit.SECONDS)).isEqualTo("a");
    }

    @Test
    void aConsumerTakesWhatWasAddedWithoutAWakeUpOnceItsLingerEnds() throws Exception {
        // Added while the consumer lingers (or, on a slow machine, already idle): it is taken either way.
        LingeringQueue<String> queue = new LingeringQueue<>(Duration.ofMillis(50));
        Consumer consumer = Consumer.start(queue);

        queue.add("a");

        assertThat(consumer.taken.get(10, TimeUnit.SECONDS)).isEqualTo("a");
    }

    @Test
    void takeThrowsWhenInterruptedOnEntryAndClearsTheInterrupt() {
        LingeringQueue<String> queue = new LingeringQueue<>(Duration.ZERO);
        queue.add("a");
        Thread.currentThread().interrupt();

        assertThatThrownBy(queue::take).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(queue.poll()).as("nothing was taken").isEqualTo("a");
    }

    @Test
    void takeThrowsWhenInterruptedWhileIdle() throws Exception {
        LingeringQueue<String> queue = new LingeringQueue<>(Duration.ZERO);
        Consumer consumer = Consumer.start(queue);
        consumer.awaitState(Thread.State.WAITING);

        consumer.thread.interrupt();

        assertThat(consumer.taken).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void manyProducersLoseNoItemAndNoWakeUp() throws Exception {
        // No linger: the consumer goes idle between items as often as it can, where a lost wake-up would hang it.
        LingeringQueue<Integer> queue = new LingeringQueue<>(Duration.ZERO);
        int producers = 4;
        int each = 20_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int first = p * each;
            threads.add(new Thread(() -> {
                for (int i = first; i < first + each; i++) {
                    queue.add(i);
                }
            }));
        }
        CompletableFuture<boolean[]> seen = CompletableFuture.supplyAsync(() -> {
            boolean[] taken = new boolean[producers * each];
            try {
                for (int i = 0; i < taken.length; i++) {
                    taken[queue.take()] = true;
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return taken;
        });
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(seen.get(60, TimeUnit.SECONDS)).doesNotContain(false);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThatThrownBy(() -> new LingeringQueue<>(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A thread that takes one item. */
    private record Consumer(Thread thread, CompletableFuture<String> taken) {
        static Consumer start(LingeringQueue<String> queue) {
            CompletableFuture<String> taken = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    taken.complete(queue.take());
                } catch (InterruptedException e) {
                    taken.completeExceptionally(e);
                }
            });
            thread.start();
            return new Consumer(thread, taken);
        }

        // Waits until the consumer parks that way, at most 10 s; each wait is on the consumer itself, which ends it
        // early if the thread ends.
        void awaitState(Thread.State state) throws InterruptedException {
            Deadline deadline = Deadline.after(Duration.ofSeconds(10));
            while (thread.getState() != state) {
                assertThat(deadline.expired()).as("the consumer %s, still %s", state, thread.getState()).isFalse();
                thread.join(1);
            }
        }
    }
}
