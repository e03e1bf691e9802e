package org.openjarvis.analytics.posthog;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sink's queue of serialised events, bounded by count and by bytes. A full queue refuses the newest event
 * (the caller counts it); {@link #offer} never blocks. A sending thread waits in {@link #awaitBatch} without
 * polling: it wakes when a batch is ready, when a flush is requested, when a batch being sent is done, or when the
 * flush interval ends; then it {@linkplain #takeToSend takes} the batch, which never waits, so that it can do so
 * under a lock of its own.
 */
final class BatchQueue {

    /** A queued event: its JSON, serialised once (its uuid is inside). */
    record Entry(byte[] json) {
    }

    private final int capacity;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>(); // guarded by lock
    private long bytes; // guarded by lock
    // entries.size(), written under lock and read without it: every deliver asks whether the queue is full.
    private volatile int size;
    private boolean flushRequested; // guarded by lock
    private int sending; // batches taken by takeToSend and not yet sent; guarded by lock

    BatchQueue(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Queues the entry; false if that would exceed the count or byte bound. */
    boolean offer(Entry entry) {
        lock.lock();
        try {
            if (entries.size() >= capacity || bytes + entry.json().length > maxBytes) {
                return false;
            }
            entries.addLast(entry);
            size = entries.size();
            bytes += entry.json().length;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the count bound is reached: no event can be offered now. Takes no lock. */
    boolean full() {
        return size >= capacity;
    }

    /** Makes a waiting {@link #awaitBatch} return what is queued now. */
    void requestFlush() {
        lock.lock();
        try {
            flushRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code maxWait} for a batch worth sending, or for a flush request, which it consumes. What is
     * queued then is for {@link #takeToSend}. While no batch is being sent, {@code batchSize} entries are worth
     * sending; while one is, only a full batch is ({@code deepMaxEvents} entries, or {@code maxBatchBytes} bytes): as
     * Nagle's algorithm does with small segments, small batches go out one at a time, and several are outstanding
     * only when the queue is deep. A batch that was being sent wakes the wait when it is {@linkplain #sent sent}.
     */
    void awaitBatch(int batchSize, int deepMaxEvents, long maxBatchBytes, Duration maxWait)
            throws InterruptedException {
        lock.lock();
        try {
            long remaining = maxWait.toNanos();
            while (!flushRequested && entries.size() < (sending == 0 ? batchSize : deepMaxEvents)
                    && bytes < maxBatchBytes && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            flushRequested = false;
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #take}, and the batch, unless empty, is being sent until {@link #sent} is called for it. */
    List<Entry> takeToSend(int batchSize, int deepMaxEvents, long maxBatchBytes) {
        lock.lock();
        try {
            List<Entry> batch = take(batchSize, deepMaxEvents, maxBatchBytes);
            if (!batch.isEmpty()) {
                sending++;
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** A batch from {@link #takeToSend} is no longer being sent (whatever became of it). */
    void sent() {
        lock.lock();
        try {
            sending--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the oldest entries that fit in one batch, at least one if any is queued; may return an
     * empty list. Never waits. A batch holds at most {@code batchSize} entries while no more than that is queued,
     * and up to {@code deepMaxEvents} when more is: a deep queue is sent in fewer, larger requests.
     */
    List<Entry> take(int batchSize, int deepMaxEvents, long maxBatchBytes) {
        lock.lock();
        try {
            int maxEvents = entries.size() > batchSize ? deepMaxEvents : batchSize;
            List<Entry> batch = new ArrayList<>();
            long batchBytes = 0;
            while (!entries.isEmpty() && batch.size() < maxEvents
                    && (batch.isEmpty() || batchBytes + entries.peekFirst().json().length <= maxBatchBytes)) {
                Entry entry = entries.pollFirst();
                batch.add(entry);
                batchBytes += entry.json().length;
                bytes -= entry.json().length;
            }
            size = entries.size();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns everything queued (consent withdrawn, or shutdown). */
    List<Entry> drainAll() {
        lock.lock();
        try {
            List<Entry> all = new ArrayList<>(entries);
            entries.clear();
            size = 0;
            bytes = 0;
            return all;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return size;
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
