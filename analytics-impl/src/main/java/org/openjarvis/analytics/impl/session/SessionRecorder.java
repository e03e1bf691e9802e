package org.openjarvis.analytics.impl.session;

import java.util.Map;

/**
 * What the bridge records per session: the reference aggregator's {@code record_*} and {@code end_session}.
 * {@link SessionAggregator} implements it; in the framework the bridge reaches it through the
 * {@link SessionAggregatorComponent}'s service (the package description says when open sessions are reported).
 */
public interface SessionRecorder {

    void recordInference(String sessionId, long tokensIn, long tokensOut, double latencyMs, String modelHash,
            String engine);

    void recordTool(String sessionId, String toolName);

    void recordError(String sessionId);

    /** Emits the session if it had at least one inference, and forgets it either way. */
    void endSession(String sessionId);

    /**
     * Emits every open session that had at least one inference, and forgets them all; what is recorded afterwards
     * is aggregated as usual. The reference's {@code bridge.stop()} does this through {@code aggregator.shutdown()}.
     */
    void reportOpenSessions();

    /** The aggregator's counters, in display order. */
    Map<String, Long> counters();
}
