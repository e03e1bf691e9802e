package org.openjarvis.analytics.posthog;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjarvis.analytics.common.config.ConfigReader;

/**
 * The checked form of one PostHog factory configuration, read from the raw properties Config Admin hands over
 * (typed values, or the strings of a {@code .cfg} file) with the ranges {@link PostHogConfiguration} declares.
 *
 * <p>A configuration is used whole or not at all: {@link #read} reports every bad value, one line each naming the
 * PID, the property and the reason, and then gives no settings. No message repeats a text value: {@code api.key}
 * never, and no other property either, since a key, a password or a token may have been pasted into it.
 */
record PostHogSettings(String apiKey, PostHogEndpoint endpoint, boolean processPersonProfile,
        PostHogSink.Limits limits, Retries retries, Duration connectTimeout, Duration readTimeout,
        Duration callTimeout, Duration shutdownTimeout, Optional<Spool> spool) {

    /** Where and how much to spool. */
    record Spool(Path directory, int maxFiles, long maxBytes) {
    }

    /** The retry bounds; a {@link RetryPolicy} is made from them for each sink. */
    record Retries(Duration firstBackoff, int maxAttempts, Duration maxAge) {
        RetryPolicy policy() {
            return new RetryPolicy(firstBackoff, BACKOFF_CAP, maxAttempts, maxAge,
                    () -> ThreadLocalRandom.current().nextDouble());
        }
    }

    /**
     * What a configuration gave: settings, or none because it has no key (not an error: the commented default of
     * the Karaf feature has none) or because of the problems listed.
     */
    record Reading(Optional<PostHogSettings> settings, boolean keyMissing, List<String> problems) {
    }

    /** PostHog's batch target: well under its 20 MiB request limit. */
    static final long MAX_BATCH_BYTES = 5L * 1024 * 1024;
    /** The most batches in flight at once: each is a thread and a connection of the sink's own. */
    static final int MAX_IN_FLIGHT = 16;
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
    private static final int MAX_KEY_LENGTH = 256;
    // A Config Admin interpolation placeholder, $[env:NAME] or $[secret:NAME], that nothing resolved.
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\[([a-z]+):.*\\]", Pattern.DOTALL);

    /**
     * Reads a configuration.
     *
     * @param pid named in every problem: the configuration's own PID, e.g.
     *        {@code org.openjarvis.analytics.posthog~cloud}
     */
    static Reading read(String pid, Map<String, ?> properties) {
        ConfigReader reader = ConfigReader.allOrNothing(pid, properties);
        String key = reader.text("api.key", "", "").strip();
        if (key.isEmpty() && reader.problems().isEmpty()) {
            return new Reading(Optional.empty(), true, List.of());
        }
        // A key refused as such is no help in finding pieces of it elsewhere ("$[env:POSTHOG]" vs the host).
        String knownKey = checkKey(reader, key) ? key : "";
        String host = reader.text("host", "https://us.i.posthog.com", "");
        boolean allowInsecureHttp = reader.bool("allow.insecure.http", false, false);
        PostHogEndpoint endpoint = endpoint(reader, host, knownKey, allowInsecureHttp);
        boolean processPersonProfile = reader.bool("process.person.profile", false, false);
        int batchSize = reader.integer("batch.size", 1, 1_000, 100, 100);
        PostHogSink.Limits limits = new PostHogSink.Limits(
                reader.integer("queue.capacity", 1, 1_000_000, 100_000, 100_000),
                reader.number("queue.max.bytes", 1L << 20, 1L << 30, 64L << 20, 64L << 20),
                batchSize, batchMaxEvents(reader, batchSize), MAX_BATCH_BYTES,
                millis(reader, "flush.interval.ms", 100, 3_600_000, 5_000),
                reader.integer("max.in.flight", 1, MAX_IN_FLIGHT, 4, 4));
        Retries retries = new Retries(millis(reader, "retry.backoff.ms", 1, BACKOFF_CAP.toMillis(), 1_000),
                reader.integer("max.attempts", 1, 20, 5, 5),
                millis(reader, "max.batch.age.ms", 1_000, 86_400_000, 600_000));
        Duration connectTimeout = millis(reader, "connect.timeout.ms", 100, 600_000, 10_000);
        Duration readTimeout = millis(reader, "read.timeout.ms", 100, 600_000, 15_000);
        Duration callTimeout = millis(reader, "call.timeout.ms", 100, 600_000, 30_000);
        Duration shutdownTimeout = millis(reader, "shutdown.timeout.ms", 0, 600_000, 5_000);
        Optional<Spool> spool = spool(reader, knownKey);
        if (!reader.problems().isEmpty()) {
            return new Reading(Optional.empty(), false, reader.problems());
        }
        return new Reading(Optional.of(new PostHogSettings(key, endpoint, processPersonProfile, limits, retries,
                connectTimeout, readTimeout, callTimeout, shutdownTimeout, spool)), false, List.of());
    }

    /** The key masked: a record's own toString would print it. */
    @Override
    public String toString() {
        return "PostHogSettings[key " + ApiKeys.mask(apiKey) + ", " + endpoint.batchUri() + ", " + limits + ", "
                + retries + ", spool " + spool + "]";
    }

    // Whether the key passed; its problem is recorded if not.
    private static boolean checkKey(ConfigReader reader, String key) {
        Matcher placeholder = PLACEHOLDER.matcher(key);
        if (placeholder.matches()) {
            reader.problem("api.key", "is still the Config Admin placeholder $[" + placeholder.group(1) + ":...]: "
                    + "the interpolation plugin (org.apache.felix.configadmin.plugin.interpolation) is not "
                    + "installed, or what the placeholder names is not set");
        } else if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            reader.problem("api.key", "must be one word of printable ASCII characters, at most " + MAX_KEY_LENGTH
                    + " (a project API key is phc_ followed by letters and digits)");
        } else if (key.toLowerCase(Locale.ROOT).startsWith("phx_")) {
            reader.problem("api.key", "is a personal API key (phx_), which can read your PostHog data; use the "
                    + "project API key (phc_) instead");
        } else {
            return !key.isEmpty();
        }
        return false;
    }

    private static PostHogEndpoint endpoint(ConfigReader reader, String host, String key,
            boolean allowInsecureHttp) {
        if (ApiKeys.holdsKey(host, key)) {
            reader.problem("host", "holds what looks like an API key; it belongs in api.key");
            return null;
        }
        try {
            return PostHogEndpoint.of(host, allowInsecureHttp);
        } catch (IllegalArgumentException e) {
            reader.problem("host", e.getMessage());
            return null;
        }
    }

    // The bounds are read even without a directory, so that a bad one is reported all the same.
    private static Optional<Spool> spool(ConfigReader reader, String key) {
        String directory = reader.text("spool.dir", "", "").strip();
        int maxFiles = reader.integer("spool.max.files", 1, 100_000, 1_000, 1_000);
        long maxBytes = reader.number("spool.max.bytes", 1L << 20, 16L << 30, 100L << 20, 100L << 20);
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        if (ApiKeys.holdsKey(directory, key)) {
            reader.problem("spool.dir", "holds what looks like an API key; it belongs in api.key");
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(directory);
        } catch (InvalidPathException e) {
            reader.problem("spool.dir", "is not a valid path");
            return Optional.empty();
        }
        if (!path.isAbsolute()) {
            reader.problem("spool.dir", "must be an absolute path");
            return Optional.empty();
        }
        return Optional.of(new Spool(path.normalize(), maxFiles, maxBytes));
    }

    // At least batch.size, which a deep queue's batches are never smaller than.
    private static int batchMaxEvents(ConfigReader reader, int batchSize) {
        int batchMaxEvents = reader.integer("batch.max.events", 1, 10_000, 1_000, 1_000);
        if (batchMaxEvents < batchSize) {
            reader.problem("batch.max.events", "must be at least batch.size (" + batchSize + "), got "
                    + batchMaxEvents);
            return batchSize;
        }
        return batchMaxEvents;
    }

    private static Duration millis(ConfigReader reader, String property, long min, long max, long defaultValue) {
        return Duration.ofMillis(reader.number(property, min, max, defaultValue, defaultValue));
    }
}
