package org.openjarvis.analytics.impl.config;

import java.time.Duration;

import org.openjarvis.analytics.common.concurrent.Deadline;

/**
 * The settings of {@value AnalyticsSettings#PID} and the one consent decision, as the service holds them. The
 * bridge and the session aggregator subscribe instead of reading the configuration themselves, so every component
 * follows the same decision, in the same order. Registered as a service from this private package, so only this
 * bundle can see it.
 */
public interface AnalyticsSettingsSource {

    /**
     * Told about every change, in order, on the thread that made it, while the change is being made: a listener
     * must not block for long, and must not call back into the service's configuration.
     */
    interface Listener {

        /** New settings; called before a consent change that comes with them. */
        void settingsChanged(AnalyticsSettings settings);

        /**
         * Consent was withdrawn: forget, and count, everything held for later. Captures are already refused when
         * this is called, so nothing produced from here on can be accepted.
         */
        void consentWithdrawn();

        /** Consent was given again. */
        void consentGranted();

        /**
         * Processes what this listener has queued for the sinks, until {@code deadline} at most; part of
         * {@link #handOver}. Not called under the service's lock.
         */
        default void drainQueued(Deadline deadline) {
        }

        /** Reports what this listener still holds open to the sinks; part of {@link #handOver}, after every drain. */
        default void reportOpen() {
        }
    }

    /**
     * Adds a listener and tells it the current state at once, as later changes are told: {@code settingsChanged},
     * then {@code consentWithdrawn} if consent is off. A listener therefore starts as if consent were given.
     */
    void subscribe(Listener listener);

    /** Removes a listener; it is not called after this returns. */
    void unsubscribe(Listener listener);

    /**
     * Has every listener drain what it queued ({@link Listener#drainQueued}) within {@code timeout}, then report what
     * it holds open ({@link Listener#reportOpen}), so that a sink about to go still receives it. See the
     * {@code session} package for when this is called.
     */
    void handOver(Duration timeout);
}
