package org.openjarvis.analytics.posthog;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The checked form of {@link PostHogConfiguration}. A bad value is an error naming the PID, the property and
 * the value; the API key is never part of a message.
 */
record PostHogSettings(String apiKey, PostHogEndpoint endpoint, boolean processPersonProfile,
        PostHogSink.Limits limits, RetryPolicy retries, Duration connectTimeout, Duration readTimeout,
        Duration callTimeout, Duration shutdownTimeout, Optional<Spool> spool) {

    /** Where and how much to spool. */
    record Spool(Path directory, int maxFiles, long maxBytes) {
    }

    /** PostHog's batch target: well under its 20 MiB request limit. */
    static final long MAX_BATCH_BYTES = 5L * 1024 * 1024;
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(30);

    /** Checks a configuration that has an {@code api.key}. */
    static PostHogSettings from(PostHogConfiguration config) {
        String key = config.api_key().trim(); // the component checked that there is one
        PostHogEndpoint endpoint;
        try {
            endpoint = PostHogEndpoint.of(config.host(), config.allow_insecure_http());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Configuration " + PostHogSinkComponent.PID + ": " + e.getMessage(),
                    e);
        }
        PostHogSink.Limits limits = new PostHogSink.Limits(
                (int) range("queue.capacity", config.queue_capacity(), 1, 1_000_000),
                range("queue.max.bytes", config.queue_max_bytes(), 1L << 20, 1L << 30),
                (int) range("batch.size", config.batch_size(), 1, 1_000), MAX_BATCH_BYTES,
                Duration.ofMillis(range("flush.interval.ms", config.flush_interval_ms(), 100, 3_600_000)));
        Duration firstBackoff = Duration.ofMillis(range("retry.backoff.ms", config.retry_backoff_ms(), 1,
                BACKOFF_CAP.toMillis()));
        RetryPolicy retries = new RetryPolicy(firstBackoff, BACKOFF_CAP,
                (int) range("max.attempts", config.max_attempts(), 1, 20),
                Duration.ofMillis(range("max.batch.age.ms", config.max_batch_age_ms(), 1_000, 86_400_000)),
                () -> ThreadLocalRandom.current().nextDouble());
        return new PostHogSettings(key, endpoint, config.process_person_profile(), limits, retries,
                millis("connect.timeout.ms", config.connect_timeout_ms(), 100),
                millis("read.timeout.ms", config.read_timeout_ms(), 100),
                millis("call.timeout.ms", config.call_timeout_ms(), 100),
                millis("shutdown.timeout.ms", config.shutdown_timeout_ms(), 0), spool(config));
    }

    private static Optional<Spool> spool(PostHogConfiguration config) {
        String directory = config.spool_dir() == null ? "" : config.spool_dir().trim();
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(directory);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Configuration " + PostHogSinkComponent.PID + ": spool.dir is not a "
                    + "valid path: " + directory, e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("Configuration " + PostHogSinkComponent.PID + ": spool.dir must be "
                    + "an absolute path, got " + directory);
        }
        return Optional.of(new Spool(path, (int) range("spool.max.files", config.spool_max_files(), 1, 100_000),
                range("spool.max.bytes", config.spool_max_bytes(), 1L << 20, 16L << 30)));
    }

    private static Duration millis(String property, long value, long min) {
        return Duration.ofMillis(range(property, value, min, 600_000));
    }

    private static long range(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("Configuration " + PostHogSinkComponent.PID + ": " + property
                    + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
