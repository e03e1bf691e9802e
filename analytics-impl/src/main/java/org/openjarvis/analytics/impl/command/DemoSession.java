package org.openjarvis.analytics.impl.command;

import java.util.List;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsTopics;
import org.osgi.service.event.Event;

/**
 * The short chat session that {@code analytics:demo} publishes on EventAdmin: two inferences with a tool call between
 * them, then the session's end, all under one session id, so that the bridge turns them into the events a real chat
 * produces.
 *
 * @param id the session id every event carries
 */
record DemoSession(String id) {

    /** A session with an id of its own. */
    static DemoSession start() {
        return new DemoSession("demo-" + Long.toHexString(System.nanoTime()));
    }

    /** The bus events, in the order they are published. */
    List<Event> events() {
        return List.of(inference(12L, 48L, 850.0),
                new Event(AnalyticsTopics.TOOL_CALL_END, Map.of(AnalyticsTopics.SESSION_ID, id,
                        AnalyticsTopics.TOOL_NAME, "calculator")),
                inference(30L, 64L, 1200.0),
                new Event(AnalyticsTopics.SESSION_END, Map.of(AnalyticsTopics.SESSION_ID, id)));
    }

    private Event inference(long inputTokens, long outputTokens, double latencyMs) {
        return new Event(AnalyticsTopics.INFERENCE_END, Map.of(AnalyticsTopics.SESSION_ID, id,
                AnalyticsTopics.MODEL, "llama3.1:8b", AnalyticsTopics.ENGINE, "ollama",
                AnalyticsTopics.INPUT_TOKENS, inputTokens, AnalyticsTopics.OUTPUT_TOKENS, outputTokens,
                AnalyticsTopics.LATENCY_MS, latencyMs));
    }
}
