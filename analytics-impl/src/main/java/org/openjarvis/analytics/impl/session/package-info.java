/**
 * The reference's {@code SessionAggregator}: per-session counters that become one {@code chat_session_ended}
 * event when a session ends, goes idle, or the component shuts down; and the DS component that runs it, with its
 * idle-check thread. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.session;
