package org.openjarvis.analytics.impl.eventadmin;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    static Map<String, Object> of(Event event) {
        boolean capture = AnalyticsTopics.CAPTURE.equals(event.getTopic());
        Map<String, Object> copy = new HashMap<>();
        for (String key : event.getPropertyNames()) {
            if (capture ? EVENT_ADMIN_KEYS.contains(key) : !BRIDGE_KEYS.contains(key)
                    && !PRESENCE_ONLY_KEYS.contains(key)) {
                continue;
            }
            Object value = event.getProperty(key);
            if (!capture && PRESENCE_ONLY_KEYS.contains(key)) {
                // The bridge only asks bool(comment or text): a Boolean with the same truthiness stands in for it.
                copy.put(key, PythonValues.truthy(value));
            } else {
                copy.put(key, copyValue(value));
            }
        }
        return copy;
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
