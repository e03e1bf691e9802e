package org.openjarvis.analytics.impl.dispatch;

import java.math.BigInteger;
import java.util.function.BiConsumer;

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
        PropertyBytes properties = new PropertyBytes();
        // forEach, not entrySet(): EventProperties walks its array without making an entry per property.
        event.properties().forEach(properties);
        return bytes + properties.total;
    }

    /** Adds up the estimates of the properties it is given. */
    private static final class PropertyBytes implements BiConsumer<String, Object> {
        private long total;

        @Override
        public void accept(String name, Object value) {
            total += 4 + utf8Length(name) + valueLength(value);
        }
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
