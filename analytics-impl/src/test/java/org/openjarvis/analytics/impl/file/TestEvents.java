package org.openjarvis.analytics.impl.file;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.openjarvis.analytics.api.AnalyticsEvent;

/** Small factory for events in the file sink tests. */
final class TestEvents {

    static final UUID UUID_1 = UUID.fromString("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    static final String DISTINCT_ID = "6f1c2b7e-3a4d-4e5f-9a8b-7c6d5e4f3a2b";
    static final Instant TIME = Instant.parse("2026-11-25T03:21:49.123456789Z");

    private TestEvents() {
    }

    /** Properties in the order given: key, value, key, value, ... */
    static Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static AnalyticsEvent event(String name, Map<String, ?> properties) {
        return AnalyticsEvent.of(UUID_1, name, DISTINCT_ID, TIME, properties);
    }

    /** An event whose {@code n} property makes each line distinguishable. */
    static AnalyticsEvent numbered(int n) {
        return AnalyticsEvent.of(new UUID(0x0193_0000_0000_7000L, n), "tool_called", DISTINCT_ID,
                TIME.plusMillis(n), props("n", n));
    }
}
