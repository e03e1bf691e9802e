/**
 * The reference's {@code SessionAggregator}: per-session counters that become one {@code chat_session_ended}
 * event when a session ends, goes idle, or the component shuts down; and the DS component that runs it, with its
 * idle-check thread. Private to the implementation bundle.
 *
 * <p>When open sessions are reported at shutdown (the reference's {@code bridge.stop()} ends with
 * {@code aggregator.shutdown()}): the local file sink, before it unregisters because its bundle stops, a reference
 * went or it is disposed, asks the service to hand over ({@code AnalyticsSettingsSource.handOver}); the service has
 * the bridge process what it queued, then has the aggregator report every open session, while the file sink is
 * still bound. The aggregator also reports what is open at its own deactivation, for the sinks still bound then.
 * So no order in which SCR deactivates these components loses a session, and nothing depends on the order of the
 * {@code Service-Component} header. Disabling the file sink alone ({@code scr:disable}) ends no session.
 */
package org.openjarvis.analytics.impl.session;
