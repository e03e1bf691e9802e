package org.openjarvis.analytics.impl.dispatch;

import java.math.BigInteger;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsEvent;

/**
 * Estimates how many bytes an event takes as a JSON object, without serialising it. The estimate is an upper
 * bound for the scalar values sinks receive and is used only to bound queues.
 */
public final class EventSize {

    // "event", "distinct_id", "timestamp" (24 chars), "uuid" (36 chars), "properties", quotes and separators.
    private static final int FIXED_OVERHEAD = 160;
    // ,"$catalogue":"" around the catalogue's name.
    private static final int CATALOGUE_OVERHEAD = 16;

    private EventSize() {
    }

    /** Estimated JSON size of the event in bytes. */
    public static long estimate(AnalyticsEvent event) {
        long bytes = FIXED_OVERHEAD + utf8Length(event.name()) + utf8Length(event.distinctId());
        if (event.catalogue().isPresent()) {
            bytes += CATALOGUE_OVERHEAD + utf8Length(event.catalogue().get());
        }
        for (Map.Entry<String, Object> property : event.properties().entrySet()) {
            bytes += 4 + utf8Length(property.getKey()) + valueLength(property.getValue());
        }
        return bytes;
    }

    private static long valueLength(Object value) {
        if (value instanceof String) {
            // Escaped control characters take up to 6 bytes; everything else at most 3 per UTF-16 unit.
            return 2 + 6L * ((String) value).length();
        }
        if (value instanceof BigInteger) {
            // log10(2) < 0.30103: decimal digits of a number with n bits, plus a sign.
            return 2 + (long) (((BigInteger) value).bitLength() * 0.30103);
        }
        return 24; // longest Long, Double or boolean literal
    }

    // Never null: AnalyticsEvent refuses a null name or distinct id, and EventProperties a null key.
    private static long utf8Length(String s) {
        return 3L * s.length();
    }
}
