package org.openjarvis.analytics.impl.bridge;

/** The bridge's totals, named in {@code analytics:status} by the rule of {@code Counters}. */
enum BridgeCounter {
    BUS_EVENTS_PROCESSED,
    BUS_EVENTS_DROPPED_OVERFLOW,
    BUS_EVENTS_DROPPED_OVERSIZED,
    BUS_EVENTS_DROPPED_INVALID,
    BUS_EVENTS_IGNORED_DISABLED
}
