package org.openjarvis.analytics.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A destination for analytics events, registered as a whiteboard service. Any number of sinks may be bound;
 * they may come and go at any time.
 *
 * <p>A sink only ever sees events that were already redacted and validated. Each bound sink is fed from its own
 * bounded queue on its own thread, so a slow or failing sink cannot delay the caller or the other sinks.
 * Exceptions thrown by a sink are caught and counted.
 *
 * <p>Set the service property {@value #NAME_PROPERTY} to give the sink a readable name in status output.
 */
@ConsumerType
public interface AnalyticsSink {

    /** Service property holding the sink's display name, for example {@code file} or {@code posthog~cloud}. */
    String NAME_PROPERTY = "analytics.sink.name";

    /**
     * Receives one event. Called from a single thread per sink, in capture order. Should return quickly: a sink
     * that sends over a network queues the event and sends on its own thread.
     *
     * @param event the event, already redacted and validated; never null
     */
    void deliver(AnalyticsEvent event);

    /**
     * Writes or sends what the sink has buffered, waiting at most {@code timeout}.
     *
     * @param timeout the longest time to wait; never null
     * @return true if nothing is left buffered
     */
    default boolean flush(Duration timeout) {
        return true;
    }

    /**
     * Consent was withdrawn: drop every event not yet written or sent, and count it as dropped.
     *
     * @return how many buffered events were discarded
     */
    default long discardPending() {
        return 0;
    }

    /**
     * The sink's own health and counters. A sink that can should also report its {@link SinkStatus.Accounting}
     * (received, delivered, dropped by reason, pending): the service adds it to its own queue's, and
     * {@code analytics:status} then shows, per sink, that every accepted event was delivered, dropped for a
     * stated reason, or is still pending.
     *
     * @return the sink's status, never null; by default healthy, without counters
     */
    default SinkStatus status() {
        return SinkStatus.healthy("");
    }
}
