package org.openjarvis.analytics.impl.service;

/**
 * Service-level counters, shown by {@code analytics:status} under the names of
 * {@link org.openjarvis.analytics.common.status.Counters}. Every event that is not accepted is counted here.
 */
enum ServiceCounter {
    /** Events accepted and queued for the sinks. */
    CAPTURED,
    /** Capture calls while analytics was off; nothing was recorded. */
    REJECTED_DISABLED,
    /** Events dropped because no catalogue in use declares the name (or the bundle that did has stopped). */
    DROPPED_UNKNOWN_EVENT,
    /** Events dropped because a property their catalogue requires was missing or refused. */
    DROPPED_INCOMPLETE,
    /** Events dropped because the backlog (or every sink queue) was full. */
    DROPPED_OVERFLOW,
    /** Events dropped because they were larger than the per-event limit. */
    DROPPED_OVERSIZED,
    /** Events dropped by an unexpected error while processing them. */
    DROPPED_ERROR,
    /** Accepted events discarded because consent was withdrawn before they reached a sink. */
    DROPPED_CONSENT,
    /** Accepted events still in the backlog when the service shut down with no sink bound. */
    DROPPED_SHUTDOWN,
    /** Declared properties removed by the PII redactor (PII-looking, empty, too long or composite values). */
    PROPERTIES_REDACTED,
    /** Properties removed by the catalogue validator (undeclared names, whatever their value, or wrong types). */
    PROPERTIES_INVALID,
    /** Accepted values the strict privacy screen refused as personal data or secrets. */
    PROPERTIES_REDACTED_STRICT,
    /** Accepted numbers the strict privacy screen refused: above 2^53, or not finite. */
    PROPERTIES_OUT_OF_RANGE,
    /** Properties not read because the map held more than {@link PropertyFilter#MAX_PROPERTIES}. */
    PROPERTIES_OVER_LIMIT
}
