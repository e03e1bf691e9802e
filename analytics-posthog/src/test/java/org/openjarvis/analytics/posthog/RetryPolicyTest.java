package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void onlyTimeoutsRateLimitsAndServerErrorsAreRetried() {
        for (int status : new int[] {408, 429, 500, 502, 503, 504, 599}) {
            assertThat(RetryPolicy.retryable(status)).as("%d", status).isTrue();
        }
        for (int status : new int[] {200, 204, 301, 400, 401, 403, 404, 413, 415, 600}) {
            assertThat(RetryPolicy.retryable(status)).as("%d", status).isFalse();
        }
    }

    @Test
    void backoffGrowsExponentiallyWithFullJitterUpToTheCap() {
        RetryPolicy highest = policy(() -> 0.999_999);
        assertThat(highest.backoff(1, Optional.empty())).isEqualTo(Duration.ofMillis(999));
        assertThat(highest.backoff(2, Optional.empty())).isEqualTo(Duration.ofMillis(1999));
        assertThat(highest.backoff(5, Optional.empty())).isEqualTo(Duration.ofMillis(15_999));
        assertThat(highest.backoff(40, Optional.empty())).isEqualTo(Duration.ofMillis(29_999));
        assertThat(policy(() -> 0.0).backoff(3, Optional.empty())).isZero();
        assertThat(policy(() -> 0.5).backoff(3, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsAMinimumClampedToTheCap() {
        RetryPolicy policy = policy(() -> 0.0);
        assertThat(policy.backoff(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.backoff(1, Optional.of(Duration.ofDays(365)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy(() -> 0.9).backoff(5, Optional.of(Duration.ofSeconds(1))))
                .isEqualTo(Duration.ofMillis(14_400));
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDatesAndIgnoresGarbage() {
        assertThat(RetryPolicy.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("Wed, 25 Nov 2026 10:00:30 GMT", NOW))
                .contains(Duration.ofSeconds(30));
        for (String garbage : new String[] {null, "", " ", "\t\r\n", "\u2003", "soon", "-5", "1.5", "99999999999999",
            "Wed, 25 Nov 2026", "Tue, 24 Nov 2026 10:00:00 GMT"}) {
            assertThat(RetryPolicy.parseRetryAfter(garbage, NOW)).as("%s", garbage).isEmpty();
        }
    }

    @Test
    void attemptsAndAgeAreBounded() {
        RetryPolicy policy = policy(() -> 0.0);
        assertThat(policy.mayRetry(1, NOW, NOW)).isTrue();
        assertThat(policy.mayRetry(5, NOW, NOW)).isFalse();
        assertThat(policy.mayRetry(1, NOW.minus(Duration.ofMinutes(10)), NOW)).isFalse();
    }

    private static RetryPolicy policy(java.util.function.DoubleSupplier random) {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(10), random);
    }
}
