package org.openjarvis.analytics.posthog;

/**
 * What the PostHog sink did with the events delivered to it, shown by {@code analytics:status} beside the
 * dispatcher's own counters for its queue (named apart from them: {@code batched}, not {@code enqueued}). Every
 * received event ends in exactly one of {@code sent}, a drop counter, the spool or {@code unsent}.
 */
enum PostHogCounter {
    /** Events delivered to the sink. */
    RECEIVED,
    /** Events put in its batch queue. */
    BATCHED,
    /** Events PostHog accepted. */
    SENT,
    /** Batches sent again after a passing failure (batches, not events). */
    RETRIED,
    /** Events PostHog refused for good (a 4xx other than 401, 403 and 413). */
    DROPPED_REJECTED,
    /** Events still failing when the retries ran out, without a spool. */
    DROPPED_RETRIES_EXHAUSTED,
    /** Events not sent because PostHog refused the key. */
    DROPPED_UNAUTHORIZED,
    /** Events still unsent at shutdown, without a spool. */
    DROPPED_SHUTDOWN,
    /** Events its batch queue had no room for. */
    DROPPED_QUEUE_FULL,
    /** Events over PostHog's per-event limit. */
    DROPPED_OVERSIZED,
    /** Events deleted because consent was withdrawn. */
    DISCARDED_CONSENT,
    /** Events lost to an unexpected error. */
    DROPPED_ERROR
}
