package org.openjarvis.analytics.posthog;

import java.util.function.Supplier;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsService;

/**
 * Whether an event read back from the spool may be sent now. A spool file is input: whoever could write to it may
 * have put anything there, so each event passes the checks of a live one before it is sent again.
 */
@FunctionalInterface
interface SpoolGate {

    /** What to do with a spooled event. */
    enum Admission {
        /** Send it. */
        SEND,
        /** Never send it: set it aside. */
        REJECT,
        /** Send nothing from the spool for now: it cannot be judged (no service, analytics off). */
        WAIT
    }

    Admission admit(AnalyticsEvent event);

    /**
     * Asks {@link AnalyticsService#admits}: analytics is on, the name is in the catalogue, the distinct id is the
     * current anonymous id, and each property passes redaction and validation as it is. While there is no service,
     * or analytics is off, nothing is judged: the spool waits (and is deleted when consent is withdrawn).
     *
     * @param service the service now, or null
     */
    static SpoolGate of(Supplier<AnalyticsService> service) {
        return event -> {
            AnalyticsService current = service.get();
            if (current == null || !current.isEnabled()) {
                return Admission.WAIT;
            }
            if (current.admits(event)) {
                return Admission.SEND;
            }
            // Turned off between the two calls: admits said no for that reason only, so nothing is rejected.
            return current.isEnabled() ? Admission.REJECT : Admission.WAIT;
        };
    }
}
