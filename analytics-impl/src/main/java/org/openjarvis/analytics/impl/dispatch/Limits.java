package org.openjarvis.analytics.impl.dispatch;

/** Bounds of one queue, by event count and by estimated bytes. */
public record Limits(int capacity, long maxBytes) {

    public Limits {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
    }
}
