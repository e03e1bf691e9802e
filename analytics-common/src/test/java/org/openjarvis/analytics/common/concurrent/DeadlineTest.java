package org.openjarvis.analytics.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void theTimeLeftShrinksWithTheClockAndStopsAtZero() {
        Deadline deadline = Deadline.after(Duration.ofNanos(100), clock::get);

        assertThat(deadline.remaining()).isEqualTo(Duration.ofNanos(100));
        assertThat(deadline.expired()).isFalse();
        clock.addAndGet(60);
        assertThat(deadline.remainingNanos()).isEqualTo(40);
        clock.addAndGet(40);
        assertThat(deadline.expired()).isTrue();
        clock.addAndGet(1_000);
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aNegativeOrZeroTimeoutIsExpiredAtOnce() {
        assertThat(Deadline.after(Duration.ofSeconds(-5), clock::get).expired()).isTrue();
        assertThat(Deadline.after(Duration.ZERO, clock::get).remainingNanos()).isZero();
    }

    @Test
    void aTimeoutTooLongForNanosecondsSaturatesInsteadOfOverflowing() {
        clock.set(Long.MAX_VALUE - 10);
        Deadline deadline = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), clock::get);

        assertThat(deadline.remainingNanos()).isEqualTo(Long.MAX_VALUE);
        clock.addAndGet(20); // the clock wraps around to negative values
        assertThat(deadline.remainingNanos()).isEqualTo(Long.MAX_VALUE - 20);
        assertThat(deadline.expired()).isFalse();
    }

    @Test
    void aDeadlineAcrossTheClocksWrapAroundStillExpiresOnTime() {
        clock.set(Long.MAX_VALUE - 5);
        Deadline deadline = Deadline.after(Duration.ofNanos(10), clock::get);

        clock.addAndGet(9);
        assertThat(deadline.remainingNanos()).isEqualTo(1);
        clock.addAndGet(1);
        assertThat(deadline.expired()).isTrue();
    }

    @Test
    void theSystemClockIsTheDefault() {
        Deadline deadline = Deadline.after(Duration.ofDays(1));

        assertThat(deadline.expired()).isFalse();
        assertThat(deadline.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
    }
}
