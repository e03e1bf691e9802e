package org.openjarvis.analytics.impl.session;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A session's latencies in a growable primitive array. Up to {@link #CAPACITY} samples every latency is kept, so
 * the percentiles are exactly the reference's; beyond it a uniform random sample of that size is kept (Algorithm
 * R), so memory stays bounded and p50/p95 become estimates. The reference keeps an unbounded list.
 */
final class LatencySamples {

    /** Most latencies kept per session. */
    static final int CAPACITY = 100_000;

    private final int capacity;
    private double[] values = new double[8];
    private int size;
    private long seen;

    LatencySamples() {
        this(CAPACITY);
    }

    LatencySamples(int capacity) {
        this.capacity = capacity;
    }

    void add(double latency, SplittableRandom random) {
        seen++;
        if (size < capacity) {
            if (size == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(capacity, 2L * values.length));
            }
            values[size++] = latency;
            return;
        }
        long slot = random.nextLong(seen); // uniform in [0, seen): the new value is kept with chance capacity/seen
        if (slot < capacity) {
            values[(int) slot] = latency;
        }
    }

    /** Latencies held (at most the capacity). */
    int size() {
        return size;
    }

    /** Latencies ever added. */
    long seen() {
        return seen;
    }

    /** The held latencies, sorted ascending, in a new array. */
    double[] sorted() {
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted;
    }
}
