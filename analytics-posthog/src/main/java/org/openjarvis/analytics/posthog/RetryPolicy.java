package org.openjarvis.analytics.posthog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to send a failed batch again: exponential backoff with full jitter, capped; a {@code Retry-After} from the
 * server is a minimum, clamped to the same cap so a hostile or confused server cannot park the sender; and a
 * bounded number of attempts and batch age, after which the batch is dropped (and counted by the caller).
 */
final class RetryPolicy {

    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    private final Duration maxAge;
    private final DoubleSupplier random;

    /**
     * @param base the first backoff's upper bound
     * @param cap no wait is ever longer
     * @param maxAttempts attempts in all, the first included
     * @param maxAge a batch older than this is not retried
     * @param random uniform in [0, 1), for the jitter
     */
    RetryPolicy(Duration base, Duration cap, int maxAttempts, Duration maxAge, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.maxAge = maxAge;
        this.random = random;
    }

    /** Statuses worth another attempt: timeouts, rate limits and server errors. */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || (status >= 500 && status <= 599);
    }

    /** Whether a batch that failed {@code attempts} times, first sent at {@code firstAttempt}, may be retried. */
    boolean mayRetry(int attempts, Instant firstAttempt, Instant now) {
        return attempts < maxAttempts && Duration.between(firstAttempt, now).compareTo(maxAge) < 0;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): a uniform random duration up to
     * {@code min(cap, base * 2^(retry-1))}, at least {@code retryAfter}, never more than the cap.
     */
    Duration backoff(int retry, Optional<Duration> retryAfter) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(30, Math.max(0, retry - 1)));
        Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * ceiling));
        Duration wait = retryAfter.filter(minimum -> minimum.compareTo(jittered) > 0).orElse(jittered);
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /**
     * Reads a {@code Retry-After} header: delay-seconds or an HTTP-date. Anything else, or a date in the past, is
     * ignored.
     */
    static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Optional.of(Duration.between(now, at)) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
