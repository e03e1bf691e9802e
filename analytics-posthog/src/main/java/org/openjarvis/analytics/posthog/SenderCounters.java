package org.openjarvis.analytics.posthog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What happened to the batches handed to the {@link BatchSender}; every event ends in exactly one counter. */
final class SenderCounters {
    final LongAdder sent = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder droppedRejected = new LongAdder();
    final LongAdder droppedRetriesExhausted = new LongAdder();
    final LongAdder droppedUnauthorized = new LongAdder();
    final LongAdder droppedShutdown = new LongAdder();
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

    /** The counters in display order. */
    Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        snapshot.put("sent", sent.sum());
        snapshot.put("retried", retried.sum());
        snapshot.put("dropped_rejected", droppedRejected.sum());
        snapshot.put("dropped_retries_exhausted", droppedRetriesExhausted.sum());
        snapshot.put("dropped_unauthorized", droppedUnauthorized.sum());
        snapshot.put("dropped_shutdown", droppedShutdown.sum());
        return snapshot;
    }
}
