package org.openjarvis.analytics.posthog;

import org.openjarvis.analytics.common.status.Counters;

/**
 * The counters the sink and its {@link BatchSender} share, and what the sender last heard from PostHog; every event
 * ends in exactly one counter.
 */
final class SenderCounters {
    final Counters<PostHogCounter> counts = new Counters<>(PostHogCounter.class);
    private volatile int lastStatus;
    private volatile String lastError = "";

    void lastStatus(int status) {
        lastStatus = status;
    }

    void lastError(String error) {
        lastError = error;
    }

    int lastStatus() {
        return lastStatus;
    }

    String lastError() {
        return lastError;
    }
}
