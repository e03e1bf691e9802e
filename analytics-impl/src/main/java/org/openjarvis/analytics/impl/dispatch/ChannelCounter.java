package org.openjarvis.analytics.impl.dispatch;

/**
 * What a {@link SinkChannel} did with the events offered to it, shown under each sink by {@code analytics:status}.
 * Every offered event is refused ({@code dropped_overflow}) or enqueued, and every enqueued one is handed to the sink,
 * dropped for one of the other reasons, or still pending.
 */
enum ChannelCounter {
    /** Events put in the queue. */
    ENQUEUED,
    /** Events the sink's {@code deliver} took. */
    HANDED,
    /** Events the queue had no room for. */
    DROPPED_OVERFLOW,
    /** Events whose {@code deliver} threw. */
    DROPPED_SINK_ERROR,
    /** Events still queued when the sink was unbound and not handed over in time. */
    DROPPED_UNBOUND,
    /** Events discarded from the queue because consent was withdrawn. */
    DROPPED_CONSENT
}
