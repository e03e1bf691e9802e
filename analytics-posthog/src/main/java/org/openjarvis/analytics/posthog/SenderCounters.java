package org.openjarvis.analytics.posthog;

import java.util.concurrent.atomic.AtomicBoolean;

import org.openjarvis.analytics.common.status.Counters;

/**
 * The counters the sink and its {@link BatchSender}s share, and what the senders last heard from PostHog; every
 * event ends in exactly one counter.
 */
final class SenderCounters {
    final Counters<PostHogCounter> counts = new Counters<>(PostHogCounter.class);
    private volatile int lastStatus;
    private volatile String lastError = "";
    private final AtomicBoolean keyRefused = new AtomicBoolean();

    /** Records that PostHog refused the key; true only for the first refusal, which is the one to report. */
    boolean refuseKey() {
        return keyRefused.compareAndSet(false, true);
    }

    /** Whether a 401 or 403 stopped all sending: every sender of the sink drops what it holds from then on. */
    boolean keyRefused() {
        return keyRefused.get();
    }

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
