/**
 * The PostHog sink: turns analytics events into PostHog {@code /batch/} requests. Private to this bundle.
 *
 * <p>In progress: the checked settings (host normalisation, the https rule, key masking) and the wire format
 * exist; the sender, its queue and the DS component do not yet.
 */
package org.openjarvis.analytics.posthog;
