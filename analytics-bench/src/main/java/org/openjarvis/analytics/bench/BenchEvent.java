package org.openjarvis.analytics.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event every client captures: five properties from one prebuilt map (each client copies it). The peers get
 * the event of {@code reference/peer-measurements.md}; ours must be a catalogue event, so it is
 * {@code chat_session_ended} with five of its properties, of the same kinds (integers and short strings).
 */
final class BenchEvent {

    static final String DISTINCT_ID = "user-42";
    static final String PEER_NAME = "anchor_bench_event";
    static final Map<String, Object> PEER_PROPERTIES = ordered("plan", "pro", "os", "linux", "feature", "export",
            "duration_ms", 1234, "count", 7);
    static final String OUR_NAME = "chat_session_ended";
    static final Map<String, Object> OUR_PROPERTIES = ordered("engine", "ollama", "turn_count", 7, "tokens_in", 1234,
            "tokens_out", 567, "duration_ms", 98765);

    private BenchEvent() {
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Map.copyOf(map);
    }
}
