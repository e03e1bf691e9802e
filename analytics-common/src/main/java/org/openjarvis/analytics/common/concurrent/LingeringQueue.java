package org.openjarvis.analytics.common.concurrent;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * An unbounded queue for many producers and one consumer thread that producers wake only when it is idle. Waking a
 * parked thread costs a system call on each side, more than everything else a capture does; a queue that wakes its
 * consumer for each item pays that per item whenever the consumer keeps up. Here a consumer that finds the queue
 * empty first lingers, for at most the linger time, without asking to be woken: items added meanwhile wait for it to
 * look again, so a busy queue is drained in batches. Only then does it become idle, and the next {@link #add} wakes
 * it. {@link #addAndWake} also wakes a lingering consumer, for an item that must not wait (a flush, a stop, a queue
 * filling up). Neither wakes a consumer that is running: it looks at the queue before it waits again.
 *
 * <p>Thread-safety: {@link #add}, {@link #addAndWake}, {@link #poll} and {@link #remove} from any thread;
 * {@link #take} from the one consumer thread only.
 *
 * @param <T> the items
 */
public final class LingeringQueue<T> {

    /** What the consumer is doing, which tells an add whether to wake it. */
    private enum State {
        /** Outside take(), or about to look at the queue again: never woken. */
        RUNNING,
        /** Waiting until its linger ends: woken only by addAndWake. */
        LINGERING,
        /** Waiting without a deadline: woken by any add. */
        IDLE
    }

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final long lingerNanos;
    private volatile Thread consumer; // the thread in take(), once it has called it
    // Written by the consumer before it looks at the queue a last time and waits; read by each add after it queued its
    // item. Both are volatile, so either the consumer finds the item or the add sees that it must wake it.
    private volatile State state = State.RUNNING;

    /** @param linger how long the consumer waits for more items before it asks to be woken; not negative */
    public LingeringQueue(Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative: " + linger);
        }
        this.lingerNanos = linger.toNanos();
    }

    /** Adds an item; wakes the consumer only if it is idle. */
    public void add(T item) {
        items.add(item);
        if (state == State.IDLE) {
            LockSupport.unpark(consumer);
        }
    }

    /** Adds an item and wakes the consumer if it is waiting, even if only lingering. */
    public void addAndWake(T item) {
        items.add(item);
        if (state != State.RUNNING) {
            LockSupport.unpark(consumer);
        }
    }

    /** The head item, removed; null if there is none. Never waits. */
    public T poll() {
        return items.poll();
    }

    /** Removes one occurrence of {@code item}; false if it is not queued (any more). */
    public boolean remove(T item) {
        return items.remove(item);
    }

    /**
     * The head item, removed, waiting for one if there is none: first lingering, then idle until an add wakes it.
     *
     * @throws InterruptedException if the thread is interrupted on entry or while it waits, as a
     *         {@code BlockingQueue} does; the interrupt status is cleared
     */
    public T take() throws InterruptedException {
        Thread current = Thread.currentThread();
        // Written when it changes, not on every take: a volatile write per item that no add needs.
        if (consumer != current) {
            consumer = current;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        T item = items.poll();
        if (item != null) {
            return item;
        }
        long lingerEnd = System.nanoTime() + lingerNanos;
        try {
            while (true) {
                long left = lingerEnd - System.nanoTime();
                state = left > 0 ? State.LINGERING : State.IDLE;
                item = items.poll();
                if (item != null) {
                    return item;
                }
                if (left > 0) {
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
                if (Thread.interrupted()) { // before the next poll: an interrupted wait takes nothing
                    throw new InterruptedException();
                }
            }
        } finally {
            state = State.RUNNING;
        }
    }
}
