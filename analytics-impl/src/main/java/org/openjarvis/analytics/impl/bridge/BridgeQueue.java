package org.openjarvis.analytics.impl.bridge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjarvis.analytics.common.concurrent.Room;

/**
 * The bridge's bounded hand-off: bus events, bounded in count and estimated bytes, and {@link #awaitProcessed}
 * markers, run in arrival order on one thread. Whoever takes an item out (that thread, a publisher whose hand-off was
 * refused, {@link #discardEvents}, {@link #stop}) accounts for it, once; a bus event dropped here is reported to the
 * {@code overflow} callback.
 */
final class BridgeQueue {

    /** Processes one bus event on the queue's thread. */
    interface Processor {
        void process(String topic, Map<String, Object> data, long epoch);
    }

    private final Processor processor;
    private final Runnable overflow;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Room room = new Room();

    BridgeQueue(Processor processor, Runnable overflow, ThreadFactory threads) {
        this.processor = processor;
        this.overflow = overflow;
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads);
        thread.prestartCoreThread(); // its thread lives exactly as long as the queue, not from the first event
        this.executor = thread;
    }

    /**
     * Queues a bus event of {@code bytes} that arrived in consent {@code epoch} if the bounds leave room for it;
     * false (and counted as overflow) if not, or if the queue is stopping.
     */
    boolean offer(String topic, Map<String, Object> data, long bytes, long epoch, int maxCount, long maxBytes) {
        if (!room.reserve(bytes, maxCount, maxBytes)) {
            overflow.run();
            return false;
        }
        return enqueue(new Queued(topic, data, bytes, epoch));
    }

    /**
     * Waits until every item queued so far was processed.
     *
     * @return false if the deadline passed first, or the queue stopped before reaching it
     */
    boolean awaitProcessed(Duration timeout) {
        Marker marker = new Marker();
        if (!enqueue(marker)) {
            return false;
        }
        try {
            // A marker that stop() discards is released at once, reporting false.
            return marker.released.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && marker.reached;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes every queued bus event out without processing it; returns how many. Markers stay. */
    int discardEvents() {
        int discarded = 0;
        for (Pending item : pending) {
            if (item instanceof Queued queued && pending.remove(item)) { // else the queue's thread took it first
                room.release(queued.bytes);
                discarded++;
            }
        }
        return discarded;
    }

    /**
     * Runs what is queued, for at most {@code timeout}, then drops the rest; returns the number of bus events dropped.
     */
    int stop(Duration timeout) {
        executor.shutdown(); // queued items still run
        if (awaitTermination(timeout)) {
            return 0;
        }
        executor.shutdownNow();
        int lost = 0;
        for (Pending item; (item = pending.poll()) != null;) {
            lost += discard(item);
        }
        return lost;
    }

    /** Bus events queued and not yet processed. */
    int queuedEvents() {
        return room.count();
    }

    // Visible for testing
    /** Items waiting for the queue's thread: bus events and markers alike. */
    int pendingItems() {
        return pending.size();
    }

    // Returns false if the executor refused the hand-off (stopping); the item is then accounted for as discarded.
    private boolean enqueue(Pending item) {
        pending.add(item);
        try {
            executor.execute(this::runNext);
            return true;
        } catch (RejectedExecutionException e) {
            if (pending.remove(item)) { // else stop() took it out and accounted for it
                discard(item);
            }
            return false;
        }
    }

    private void runNext() {
        Pending item = pending.poll();
        if (item instanceof Queued queued) {
            room.release(queued.bytes);
            processor.process(queued.topic, queued.data, queued.epoch);
        } else if (item instanceof Marker marker) {
            marker.reached = true;
            marker.released.countDown();
        }
    }

    // Accounts for an item without running it; returns the number of bus events dropped (0 or 1).
    private int discard(Pending item) {
        if (item instanceof Queued queued) {
            room.release(queued.bytes);
            overflow.run();
            return 1;
        }
        ((Marker) item).released.countDown();
        return 0;
    }

    private boolean awaitTermination(Duration timeout) {
        try {
            return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Something waiting for the queue's thread. */
    private sealed interface Pending permits Queued, Marker {
    }

    // A class, not a record: items are removed by identity, and two equal bus events are still two items.
    private static final class Queued implements Pending {
        final String topic;
        final Map<String, Object> data;
        final long bytes;
        final long epoch;

        Queued(String topic, Map<String, Object> data, long bytes, long epoch) {
            this.topic = topic;
            this.data = data;
            this.bytes = bytes;
            this.epoch = epoch;
        }
    }

    private static final class Marker implements Pending {
        final CountDownLatch released = new CountDownLatch(1);
        volatile boolean reached;
    }
}
