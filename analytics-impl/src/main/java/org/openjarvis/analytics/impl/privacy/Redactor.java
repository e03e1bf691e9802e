package org.openjarvis.analytics.impl.privacy;

import java.util.Collection;
import java.util.Map;

/**
 * The reference's {@code redact}, value by value: a filter run before validation. Keys are never inspected.
 *
 * <ul>
 * <li>A string is dropped if it is empty, longer than {@value #MAX_STR_LEN} code points, or looks like PII.</li>
 * <li>A composite value is dropped: any collection, map or array (Python's list, dict, set and tuple).</li>
 * <li>Every other value (numbers, booleans, null, other objects) is kept; validation removes what it does not
 * accept.</li>
 * </ul>
 *
 * <p>The capture path applies {@link #keeps} property by property, fused with validation
 * ({@code service.PropertyFilter}); the tests hold the reference's whole-map function, the yardstick that fusion is
 * tested against.
 */
public final class Redactor {

    /** Longest string kept, in code points. */
    public static final int MAX_STR_LEN = 200;

    private Redactor() {
    }

    /** Whether redaction keeps a property with this value. */
    public static boolean keeps(Object value) {
        if (value instanceof String) {
            String s = (String) value;
            return !s.isEmpty() && !tooLong(s) && !PiiDetector.looksLikePii(s);
        }
        // The usual values are of these final classes, none a collection, a map or an array. A failing instanceof
        // of an interface scans the class's interfaces one by one, which made this the most costly line of a capture.
        if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return true;
        }
        return !(value instanceof Collection || value instanceof Map
                || (value != null && value.getClass().isArray()));
    }

    // A code point takes at most two UTF-16 units: a longer string is over the limit without counting, which also
    // keeps huge strings away from the regular expressions.
    private static boolean tooLong(String s) {
        return s.length() > 2 * MAX_STR_LEN || s.codePointCount(0, s.length()) > MAX_STR_LEN;
    }
}
