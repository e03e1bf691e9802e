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
     * @param dropped events given up on, by reason (for example {@code queue_full}), copied; each event counted
     *        once; never null
     * @param pending events still held, in memory or on disk
     * @since 1.1
     */
    public record Accounting(long accepted, long recovered, long delivered, Map<String, Long> dropped,
            long pending) {

        /**
         * Creates the accounting, copying {@code dropped} in its order.
         *
         * @param accepted events the sink took
         * @param recovered events taken over from an earlier run
         * @param delivered events that reached their destination
         * @param dropped events given up on, by reason; never null
         * @param pending events still held
         * @throws NullPointerException if {@code dropped} is null
         */
        public Accounting {
            dropped = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(dropped, "dropped")));
        }

        /**
         * All events dropped, whatever the reason.
         *
         * @return the sum of {@link #dropped()}
         */
        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * Whether every event is accounted for.
         *
         * @return true if {@code accepted + recovered = delivered + dropped + pending}
         */
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
     * @param name the sink's display name; never null. A sink reporting about itself may leave it empty: the
     *        service fills it
     * @param health coarse health; never null
     * @param detail a human-readable explanation, for example the last error, never a secret; never null, may be
     *        empty
     * @param counters named counters in display order, copied; never null
     * @return the status, never null
     * @throws NullPointerException if an argument is null
     */
    public static SinkStatus of(String name, Health health, String detail, Map<String, Long> counters) {
        return new SinkStatus(name, health, detail, counters, null);
    }

    /**
     * Creates a status with the sink's accounting, which the service adds to its own queue's for the status it
     * shows.
     *
     * @param name as for {@link #of(String, Health, String, Map)}; never null
     * @param health coarse health; never null
     * @param detail as for {@link #of(String, Health, String, Map)}; never null, may be empty
     * @param counters named counters in display order, copied; never null
     * @param accounting where every event the sink took has gone; never null
     * @return the status, never null
     * @throws NullPointerException if an argument is null
     * @see #of(String, Health, String, Map)
     * @since 1.1
     */
    public static SinkStatus of(String name, Health health, String detail, Map<String, Long> counters,
            Accounting accounting) {
        return new SinkStatus(name, health, detail, counters, Objects.requireNonNull(accounting, "accounting"));
    }

    /**
     * A healthy status with no counters.
     *
     * @param name the sink's display name, or empty for the service to fill; never null
     * @return the status, never null
     * @throws NullPointerException if {@code name} is null
     */
    public static SinkStatus healthy(String name) {
        return new SinkStatus(name, Health.OK, "", Map.of(), null);
    }

    /**
     * The sink's display name.
     *
     * @return the name, never null
     */
    public String name() {
        return name;
    }

    /**
     * Coarse health.
     *
     * @return the health, never null
     */
    public Health health() {
        return health;
    }

    /**
     * A human-readable explanation.
     *
     * @return the explanation, never null; empty when there is nothing to say
     */
    public String detail() {
        return detail;
    }

    /**
     * Named counters.
     *
     * @return the counters, unmodifiable, in display order; never null
     */
    public Map<String, Long> counters() {
        return counters;
    }

    /**
     * Where every event went, if the sink keeps count of it.
     *
     * @return the accounting, never null; empty if the sink keeps none
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
