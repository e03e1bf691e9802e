package org.openjarvis.analytics.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of one sink's health and counters, and, for sinks that keep it, the {@link Accounting} of
 * every event they took.
 */
public final class SinkStatus {

    /** Coarse health of a sink. */
    public enum Health {
        /** Working normally. */
        OK,
        /** Working, but retrying, backing off or losing some events. */
        DEGRADED,
        /** Not delivering: for example the file is not writable or the server refuses the key. */
        FAILING
    }

    private final String name;
    private final Health health;
    private final String detail;
    private final Map<String, Long> counters;
    private final Accounting accounting; // null when the sink keeps none

    /**
     * Where every event a sink took has gone: {@code accepted + recovered = delivered + dropped + pending} whenever
     * nothing is in motion (between the counters being read one after the other, an event may be counted on both
     * sides of a hand-over).
     *
     * @param accepted events the sink took: for a sink, those handed to {@link AnalyticsSink#deliver}; in the
     *        service's status, every event offered to the sink, including those its queue refused
     * @param recovered events taken over from an earlier run, for example from a disk spool
     * @param delivered events that reached their destination: written, or acknowledged by the server
     * @param dropped events given up on, by reason (for example {@code queue_full}); each event counted once
     * @param pending events still held, in memory or on disk
     * @since 1.1
     */
    public record Accounting(long accepted, long recovered, long delivered, Map<String, Long> dropped,
            long pending) {

        /** Copies {@code dropped}, keeping its order. */
        public Accounting {
            dropped = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(dropped, "dropped")));
        }

        /** All events dropped, whatever the reason. */
        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Whether {@code accepted + recovered = delivered + dropped + pending}. */
        public boolean balanced() {
            return accepted + recovered == delivered + droppedTotal() + pending;
        }
    }

    private SinkStatus(String name, Health health, String detail, Map<String, Long> counters,
            Accounting accounting) {
        this.name = Objects.requireNonNull(name, "name");
        this.health = Objects.requireNonNull(health, "health");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counters,
                "counters")));
        this.accounting = accounting;
    }

    /**
     * Creates a status.
     *
     * @param name the sink's display name; a sink reporting about itself may leave it empty, the service fills it
     * @param health coarse health
     * @param detail a human-readable explanation, for example the last error; may be empty, never a secret
     * @param counters named counters in display order
     */
    public static SinkStatus of(String name, Health health, String detail, Map<String, Long> counters) {
        return new SinkStatus(name, health, detail, counters, null);
    }

    /**
     * Creates a status with the sink's accounting, which the service adds to its own queue's for the status it
     * shows.
     *
     * @see #of(String, Health, String, Map)
     * @since 1.1
     */
    public static SinkStatus of(String name, Health health, String detail, Map<String, Long> counters,
            Accounting accounting) {
        return new SinkStatus(name, health, detail, counters, Objects.requireNonNull(accounting, "accounting"));
    }

    /** A healthy status with no counters. */
    public static SinkStatus healthy(String name) {
        return new SinkStatus(name, Health.OK, "", Map.of(), null);
    }

    /** The sink's display name. */
    public String name() {
        return name;
    }

    /** Coarse health. */
    public Health health() {
        return health;
    }

    /** A human-readable explanation; empty when there is nothing to say. */
    public String detail() {
        return detail;
    }

    /** Named counters, unmodifiable, in display order. */
    public Map<String, Long> counters() {
        return counters;
    }

    /**
     * Where every event went, if the sink keeps count of it.
     *
     * @since 1.1
     */
    public Optional<Accounting> accounting() {
        return Optional.ofNullable(accounting);
    }

    @Override
    public String toString() {
        return name + " " + health + (detail.isEmpty() ? "" : " (" + detail + ")") + " " + counters
                + (accounting == null ? "" : " " + accounting);
    }
}
