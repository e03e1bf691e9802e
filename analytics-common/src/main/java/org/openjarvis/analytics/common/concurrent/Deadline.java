package org.openjarvis.analytics.common.concurrent;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A point in time by which a wait must end, on a monotonic nanosecond clock ({@link System#nanoTime()} unless one is
 * given). The time left is computed from the time elapsed, never by adding the timeout to the clock, so neither a
 * huge timeout nor the clock's wrap-around can overflow: a negative timeout is already expired, and one beyond about
 * 292 years saturates there.
 */
public final class Deadline {

    private final LongSupplier nanoClock;
    private final long start;
    private final long budgetNanos;

    private Deadline(LongSupplier nanoClock, long budgetNanos) {
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.budgetNanos = budgetNanos;
    }

    /** The deadline {@code timeout} from now on {@link System#nanoTime()}. */
    public static Deadline after(Duration timeout) {
        return after(timeout, System::nanoTime);
    }

    /** The deadline {@code timeout} from now on {@code nanoClock}, which must be monotonic (tests step their own). */
    public static Deadline after(Duration timeout, LongSupplier nanoClock) {
        return new Deadline(nanoClock, saturatedNanos(timeout));
    }

    /** The time left, zero once expired. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /** The time left in nanoseconds, zero once expired: for the {@code TimeUnit.NANOSECONDS} waits. */
    public long remainingNanos() {
        long elapsed = nanoClock.getAsLong() - start; // a difference stays right across the clock's wrap-around
        return elapsed < 0 ? budgetNanos : Math.max(0, budgetNanos - elapsed);
    }

    /** True once no time is left. */
    public boolean expired() {
        return remainingNanos() == 0;
    }

    private static long saturatedNanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
