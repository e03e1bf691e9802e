package org.openjarvis.analytics.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An immutable snapshot of one sink's health and counters. */
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

    private SinkStatus(String name, Health health, String detail, Map<String, Long> counters) {
        this.name = Objects.requireNonNull(name, "name");
        this.health = Objects.requireNonNull(health, "health");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counters,
                "counters")));
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
        return new SinkStatus(name, health, detail, counters);
    }

    /** A healthy status with no counters. */
    public static SinkStatus healthy(String name) {
        return new SinkStatus(name, Health.OK, "", Map.of());
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

    @Override
    public String toString() {
        return name + " " + health + (detail.isEmpty() ? "" : " (" + detail + ")") + " " + counters;
    }
}
