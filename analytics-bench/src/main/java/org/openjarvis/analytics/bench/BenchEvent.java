package org.openjarvis.analytics.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event every client captures: five properties from one prebuilt map (each client copies it). The peers get
 * the event of {@code reference/peer-measurements.md}; ours must be a catalogue event, so it is
 * {@code chat_session_ended} with five of its properties, of the same kinds (integers and short strings).
 *
 * <p>With {@code -Dbench.event=free_text} the event carries one free-text value of 20 characters, the kind the
 * strict privacy screen examines: ours is {@code install_started} with its version, the peers' event gets a
 * {@code version} property. With {@code -Dbench.event=contributed} ours is {@code bench_session_ended}, which a
 * contributed catalogue ({@code bench-catalogue.json}) declares with the same five properties as the built-in
 * event: the two capture rows compare a contributed event with a built-in one.
 */
final class BenchEvent {

    static final String DISTINCT_ID = "user-42";
    static final String PEER_NAME = "anchor_bench_event";
    static final Map<String, Object> PEER_PROPERTIES = ordered("plan", "pro", "os", "linux", "feature", "export",
            "duration_ms", 1234, "count", 7);
    static final String OUR_NAME = "chat_session_ended";
    static final Map<String, Object> OUR_PROPERTIES = ordered("engine", "ollama", "turn_count", 7, "tokens_in", 1234,
            "tokens_out", 567, "duration_ms", 98765);

    static final String CONTRIBUTED_NAME = "bench_session_ended";

    static final String FREE_TEXT = "2.0.0-rc.1+build.123";
    static final String OUR_TEXT_NAME = "install_started";
    static final Map<String, Object> OUR_TEXT_PROPERTIES = ordered("os", "linux", "arch", "x86_64",
            "installer_version", FREE_TEXT);
    static final Map<String, Object> PEER_TEXT_PROPERTIES = ordered("plan", "pro", "os", "linux", "feature",
            "export", "duration_ms", 1234, "count", 7, "version", FREE_TEXT);

    private static final boolean WITH_TEXT = "free_text".equals(System.getProperty("bench.event"));
    private static final boolean CONTRIBUTED = "contributed".equals(System.getProperty("bench.event"));

    private BenchEvent() {
    }

    static String ourName() {
        return WITH_TEXT ? OUR_TEXT_NAME : CONTRIBUTED ? CONTRIBUTED_NAME : OUR_NAME;
    }

    static Map<String, Object> ourProperties() {
        return WITH_TEXT ? OUR_TEXT_PROPERTIES : OUR_PROPERTIES;
    }

    static Map<String, Object> peerProperties() {
        return WITH_TEXT ? PEER_TEXT_PROPERTIES : PEER_PROPERTIES;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Map.copyOf(map);
    }
}
