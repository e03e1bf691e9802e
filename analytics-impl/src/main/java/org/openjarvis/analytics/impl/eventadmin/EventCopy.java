package org.openjarvis.analytics.impl.eventadmin;

import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.impl.bridge.OpaqueValue;
import org.openjarvis.analytics.impl.bridge.PythonValues;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

/**
 * Copies what the bridge needs out of an EventAdmin event, on the publisher's thread, so nothing of the host's
 * event is kept or touched later.
 *
 * <ul>
 * <li>Bus topics: only the keys the reference bridge reads. Comment text is reduced to whether it is truthy,
 * so no comment content is ever held.</li>
 * <li>{@link AnalyticsTopics#CAPTURE}: every property except what EventAdmin adds: {@code event.topics}, and the
 * {@code timestamp} and {@code subject} that Karaf's EventAdmin configuration adds to every event. No catalogue
 * event has properties of those names, so the validator would only have counted them as invalid.</li>
 * <li>Values: strings, numbers, booleans and null as they are; a {@link CharSequence} or {@link Character} as its
 * text (a Python {@code str}); collections, maps and arrays as shallow immutable copies (Python truthiness and
 * {@code int()} depend on them); any other object (a UUID session id, an exception as {@code error}, an enum) as
 * an {@link OpaqueValue} holding its {@code toString()}, computed here on the publisher's thread.</li>
 * </ul>
 */
final class EventCopy {

    private static final Set<String> BRIDGE_KEYS = Set.of(AnalyticsTopics.SESSION_ID, AnalyticsTopics.SESSION,
            AnalyticsTopics.TRACE_ID, AnalyticsTopics.INPUT_TOKENS, AnalyticsTopics.PROMPT_TOKENS,
            AnalyticsTopics.OUTPUT_TOKENS, AnalyticsTopics.COMPLETION_TOKENS, AnalyticsTopics.LATENCY_MS,
            AnalyticsTopics.LATENCY_SECONDS, AnalyticsTopics.MODEL, AnalyticsTopics.ENGINE,
            AnalyticsTopics.TOOL_NAME, AnalyticsTopics.TOOL, AnalyticsTopics.ERROR, AnalyticsTopics.RATING,
            AnalyticsTopics.PLATFORM);
    private static final Set<String> EVENT_ADMIN_KEYS = Set.of(EventConstants.EVENT_TOPIC, EventConstants.TIMESTAMP,
            "subject");
    private static final Set<String> PRESENCE_ONLY_KEYS = Set.of(AnalyticsTopics.COMMENT, AnalyticsTopics.TEXT);

    private EventCopy() {
    }

    /** The copied properties and an estimate of the memory they hold, in bytes. */
    record Copy(Map<String, Object> data, long bytes) {
    }

    static Map<String, Object> of(Event event) {
        return of(event, Long.MAX_VALUE).data();
    }

    /**
     * Copies what the bridge needs.
     *
     * @param budget the estimate stops counting once it exceeds this; such an event is too large to queue anyway
     */
    static Copy of(Event event, long budget) {
        boolean capture = AnalyticsTopics.CAPTURE.equals(event.getTopic());
        Map<String, Object> copy = new HashMap<>();
        long bytes = 0;
        for (String key : event.getPropertyNames()) {
            if (capture ? EVENT_ADMIN_KEYS.contains(key) : !BRIDGE_KEYS.contains(key)
                    && !PRESENCE_ONLY_KEYS.contains(key)) {
                continue;
            }
            Object value = event.getProperty(key);
            Object copied = !capture && PRESENCE_ONLY_KEYS.contains(key)
                    // The bridge only asks bool(comment or text): a Boolean with the same truthiness stands in.
                    ? PythonValues.truthy(value) : copyValue(value);
            copy.put(key, copied);
            bytes += estimate(key, budget) + estimate(copied, budget - bytes);
            if (bytes > budget) {
                break;
            }
        }
        return new Copy(copy, bytes);
    }

    /**
     * Estimated bytes a value holds: a string 2 per char plus 40, a collection, map or array 40 plus its elements
     * (nested ones too), anything else 24. Walked with an explicit stack, so deep nesting cannot exhaust the
     * publisher's thread's stack, and cut short once past the budget, so a huge or cyclic structure costs little.
     */
    static long estimate(Object root, long budget) {
        long bytes = 0;
        Deque<Iterator<?>> open = new ArrayDeque<>();
        Object value = root;
        while (true) {
            if (value instanceof CharSequence) {
                bytes += 40 + 2L * ((CharSequence) value).length();
            } else if (value instanceof OpaqueValue) {
                bytes += 40 + 2L * ((OpaqueValue) value).length();
            } else if (value instanceof Collection) {
                bytes += 40;
                open.push(((Collection<?>) value).iterator());
            } else if (value instanceof Map) {
                bytes += 40;
                open.push(((Map<?, ?>) value).entrySet().iterator());
            } else if (value instanceof Map.Entry) {
                bytes += 16;
                open.push(Arrays.asList(((Map.Entry<?, ?>) value).getKey(), ((Map.Entry<?, ?>) value).getValue())
                        .iterator());
            } else if (value != null && value.getClass().isArray()) {
                bytes += 40;
                Object array = value;
                open.push(IntStream.range(0, Array.getLength(array)).mapToObj(i -> Array.get(array, i)).iterator());
            } else if (value != null) {
                bytes += 24;
            }
            while (!open.isEmpty() && !open.peek().hasNext()) {
                open.pop();
            }
            if (open.isEmpty() || bytes > budget) {
                return bytes;
            }
            value = open.peek().next();
        }
    }

    private static Object copyValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Character) {
            return value.toString();
        }
        if (value instanceof CharSequence) { // a StringBuilder model is its text, as a Python str would be
            OpaqueValue text = OpaqueValue.of(value);
            return text.hasText() ? text.toString() : text;
        }
        if (value instanceof Collection) {
            return Collections.unmodifiableList(new ArrayList<>((Collection<?>) value));
        }
        if (value instanceof Map) {
            return Collections.unmodifiableMap(new HashMap<>((Map<?, ?>) value));
        }
        if (value != null && value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
            return Collections.unmodifiableList(elements);
        }
        return OpaqueValue.of(value);
    }
}
