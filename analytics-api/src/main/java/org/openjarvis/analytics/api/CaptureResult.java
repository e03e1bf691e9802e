package org.openjarvis.analytics.api;

/**
 * What {@link AnalyticsService#capture(String, java.util.Map)} did with an event. Every outcome other than
 * {@link #ACCEPTED} is also counted in {@link AnalyticsStatus#counters()}.
 */
public enum CaptureResult {
    /** The event passed redaction and validation and was queued for the sinks. */
    ACCEPTED,
    /** Analytics is off (consent): nothing was recorded. */
    DISABLED,
    /** The name is not an event of any catalogue in use: the whole event was dropped. */
    UNKNOWN_EVENT,
    /** The bounded backlog or queue was full: the event was dropped and counted. */
    DROPPED_OVERFLOW,
    /** The event was larger than the per-event byte limit: it was dropped and counted. */
    DROPPED_OVERSIZED,
    /**
     * A property the event's catalogue requires was missing, or was dropped by redaction, validation or the privacy
     * screen: the whole event was dropped and counted.
     *
     * @since 1.3
     */
    DROPPED_INCOMPLETE,
    /** An unexpected error occurred while processing the event (for example a map that fails while iterated). */
    FAILED
}
