/**
 * The PostHog sink: turns analytics events into PostHog {@code /batch/} requests. Private to this bundle.
 *
 * <p>{@link org.openjarvis.analytics.posthog.PostHogSinkComponent} is the DS wiring of one factory configuration;
 * {@link org.openjarvis.analytics.posthog.PostHogSink} queues serialised events, and its sending threads (one for
 * each batch in flight) hand batches to a {@link org.openjarvis.analytics.posthog.BatchSender} each (retries,
 * back-off) and, when they cannot be sent, to {@link org.openjarvis.analytics.posthog.BatchSpool} on disk.
 */
package org.openjarvis.analytics.posthog;
