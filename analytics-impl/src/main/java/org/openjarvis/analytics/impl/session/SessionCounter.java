package org.openjarvis.analytics.impl.session;

/** What the {@link SessionAggregator} did with chat sessions (sessions, not events), shown under {@code Bridge:}. */
enum SessionCounter {
    /** Sessions closed before their idle timeout because the most sessions were open. */
    SESSIONS_CLOSED_EARLY,
    /** Open sessions forgotten unreported because analytics was turned off. */
    SESSIONS_DISCARDED_CONSENT
}
