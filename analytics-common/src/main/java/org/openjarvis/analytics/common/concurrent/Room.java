package org.openjarvis.analytics.common.concurrent;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The room a bounded queue has left, in items and in bytes. Room is reserved before an item is queued and released
 * when it leaves, so that releases running meanwhile on the consuming thread can never let the queue exceed either
 * bound. Thread-safe without a lock; the bounds are passed on each reservation because they may be reconfigured.
 */
public final class Room {

    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * Reserves room for one item of {@code itemBytes}; false, with nothing reserved, if either the count would exceed
     * {@code maxCount} or the bytes would exceed {@code maxBytes}.
     */
    public boolean reserve(long itemBytes, int maxCount, long maxBytes) {
        if (count.incrementAndGet() > maxCount) {
            count.decrementAndGet();
            return false;
        }
        if (bytes.addAndGet(itemBytes) > maxBytes) {
            bytes.addAndGet(-itemBytes);
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back the room of one item reserved with {@code itemBytes}. */
    public void release(long itemBytes) {
        bytes.addAndGet(-itemBytes);
        count.decrementAndGet();
    }

    /** Items reserved and not released. */
    public int count() {
        return count.get();
    }

    /** Bytes reserved and not released. */
    public long bytes() {
        return bytes.get();
    }
}
