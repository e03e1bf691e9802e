package org.openjarvis.analytics.impl.config;

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
    }

    /**
     * Adds a listener and tells it the current state at once, as later changes are told: {@code settingsChanged},
     * then {@code consentWithdrawn} if consent is off. A listener therefore starts as if consent were given.
     */
    void subscribe(Listener listener);

    /** Removes a listener; it is not called after this returns. */
    void unsubscribe(Listener listener);
}
