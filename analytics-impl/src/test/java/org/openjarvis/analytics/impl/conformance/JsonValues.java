package org.openjarvis.analytics.impl.conformance;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts vector JSON into the Java values a JSON reader hands to our API, and into a canonical form for exact
 * comparison: key order matters, integers and floats never compare equal ({@code 5} vs {@code 5.0}), and floats
 * compare by exact IEEE-754 value ({@code -0.0} is not {@code 0.0}).
 */
final class JsonValues {

    private JsonValues() {
    }

    /** Objects become LinkedHashMaps in document order; integers stay Integer, Long or BigInteger. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                map.put(field.getKey(), toJava(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(toJava(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.numberValue();
        }
        if (node.isFloatingPointNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        throw new IllegalArgumentException("unexpected JSON node " + node);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toJavaMap(JsonNode node) {
        return (Map<String, Object>) toJava(node);
    }

    /**
     * A form whose {@code equals} is the comparison the vectors ask for: maps become lists of key/value pairs (so
     * order counts), every integral type becomes BigInteger, every floating type Double.
     */
    static Object canonical(Object value) {
        if (value instanceof Map) {
            List<List<Object>> entries = new ArrayList<>();
            ((Map<?, ?>) value).forEach((k, v) -> entries.add(List.of(String.valueOf(k), box(canonical(v)))));
            return entries;
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            ((List<?>) value).forEach(element -> list.add(box(canonical(element))));
            return list;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        return value;
    }

    // List.of rejects null; JSON null is a legitimate value here.
    private static Object box(Object value) {
        return value == null ? NullValue.NULL : value;
    }

    private enum NullValue {
        NULL
    }

    /** A short, ASCII-only rendering of an input for test names and messages. */
    static String describe(JsonNode node, int maxChars) {
        String json = node.toString();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length() && out.length() < maxChars; i++) {
            char c = json.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (out.length() >= maxChars) {
            out.setLength(maxChars);
            out.append("...");
        }
        return out.toString();
    }
}
