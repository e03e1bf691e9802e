package org.openjarvis.analytics.impl.bridge;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.impl.bridge.OpaqueValue;
import org.openjarvis.analytics.impl.bridge.PythonValues;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

/**
 * Copies what the bridge needs out of an EventAdmin event, on the publisher's thread, so nothing of the host's
 * event is kept or touched later, and within a fixed budget, so no event can hold the publisher's thread or
 * exhaust its memory.
 *
 * <ul>
 * <li>Bus topics: only the keys the reference bridge reads. Comment text is reduced to whether it is truthy,
 * so no comment content is ever held.</li>
 * <li>{@link AnalyticsTopics#CAPTURE}: every property except what EventAdmin adds: {@code event.topics}, and the
 * {@code timestamp} and {@code subject} that Karaf's EventAdmin configuration adds to every event. No catalogue
 * event has properties of those names, so the validator would only have counted them as invalid.</li>
 * <li>Values: strings, numbers, booleans and null as they are; a {@link CharSequence} or {@link Character} as its
 * text (a Python {@code str}); collections, maps and arrays as immutable copies, what they hold copied the same
 * way (Python truthiness and {@code int()} depend on them); any other object (a UUID session id, an exception as
 * {@code error}, an enum) as an {@link OpaqueValue} holding its {@code toString()}, computed here.</li>
 * <li>Budget: at most {@value #MAX_ELEMENTS} values and the given bytes of estimated size. A size is checked
 * before anything of it is copied, and every iteration is counted against the budget, so a collection that lies
 * about its size, an endless iterator or a cycle costs at most the budget. An event over it is refused whole.</li>
 * </ul>
 */
final class EventCopy {

    /**
     * Most values one event may hold: each property's value, each element of a collection or array and each key
     * and value of a map, at any depth. The bridge reads at most 18 keys, scalars in practice, and a catalogue
     * event declares at most 12 properties, so no real event comes near; copying this many takes microseconds.
     * It also bounds nesting, so {@code str()} of a copy cannot exhaust the bridge thread's stack.
     */
    static final int MAX_ELEMENTS = 1_000;

    private static final List<String> BRIDGE_KEYS = List.of(AnalyticsTopics.SESSION_ID, AnalyticsTopics.SESSION,
            AnalyticsTopics.TRACE_ID, AnalyticsTopics.INPUT_TOKENS, AnalyticsTopics.PROMPT_TOKENS,
            AnalyticsTopics.OUTPUT_TOKENS, AnalyticsTopics.COMPLETION_TOKENS, AnalyticsTopics.LATENCY_MS,
            AnalyticsTopics.LATENCY_SECONDS, AnalyticsTopics.MODEL, AnalyticsTopics.ENGINE,
            AnalyticsTopics.TOOL_NAME, AnalyticsTopics.TOOL, AnalyticsTopics.ERROR, AnalyticsTopics.RATING,
            AnalyticsTopics.PLATFORM);
    private static final Set<String> EVENT_ADMIN_KEYS = Set.of(EventConstants.EVENT_TOPIC, EventConstants.TIMESTAMP,
            "subject");
    private static final List<String> PRESENCE_ONLY_KEYS = List.of(AnalyticsTopics.COMMENT, AnalyticsTopics.TEXT);

    private EventCopy() {
    }

    /** The copied properties and an estimate of the memory they hold, in bytes. */
    record Copy(Map<String, Object> data, long bytes) {
    }

    /**
     * Copies what the bridge needs.
     *
     * @param maxBytes the most bytes of estimated size the copy may hold
     * @return the copy, or empty if the event holds more than {@value #MAX_ELEMENTS} values or {@code maxBytes}
     */
    static Optional<Copy> of(Event event, long maxBytes) {
        Budget budget = new Budget(maxBytes);
        Map<String, Object> copy = new HashMap<>();
        try {
            if (AnalyticsTopics.CAPTURE.equals(event.getTopic())) {
                String[] names = event.getPropertyNames();
                budget.reserve(names.length - EVENT_ADMIN_KEYS.stream().filter(event::containsProperty).count());
                for (String key : names) { // read only now that their number is known to fit
                    if (!EVENT_ADMIN_KEYS.contains(key)) {
                        copy.put(key, budget.property(key, event.getProperty(key)));
                    }
                }
            } else { // looked up, not listed: the cost does not grow with the event's other properties
                for (String key : BRIDGE_KEYS) {
                    if (event.containsProperty(key)) {
                        copy.put(key, budget.property(key, event.getProperty(key)));
                    }
                }
                for (String key : PRESENCE_ONLY_KEYS) {
                    if (event.containsProperty(key)) {
                        // The bridge only asks bool(comment or text): a Boolean with the same truthiness stands in.
                        copy.put(key, budget.property(key, PythonValues.truthy(event.getProperty(key))));
                    }
                }
            }
        } catch (OverBudget e) {
            return Optional.empty();
        }
        return Optional.of(new Copy(copy, budget.bytes));
    }

    /**
     * The values and bytes left, and the copying that spends them. Bytes are estimated as a string 2 per char plus
     * 40, a collection, map or array 40 plus what it holds, a map entry 16 plus its key and value, a
     * {@link BigInteger} or {@link BigDecimal} 24 plus its digits' bytes, anything else 24.
     */
    private static final class Budget {
        private final long maxBytes;
        private long bytes;
        private long elements;

        Budget(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        /** Copies one property, its name counted too. */
        Object property(String key, Object value) {
            spend(0, textBytes(key.length()));
            return copy(value);
        }

        /**
         * Copies a value and what it holds, depth first with an explicit stack, so deep nesting cannot exhaust the
         * publisher's thread's stack. A container's copy is returned at once and filled as the walk reaches it.
         */
        private Object copy(Object root) {
            Deque<Filling> open = new ArrayDeque<>();
            Object copied = copyOne(root, open);
            while (!open.isEmpty()) {
                Filling top = open.peek();
                if (top.source.hasNext()) {
                    top.add(this, top.source.next(), open);
                } else {
                    open.pop().finish();
                }
            }
            return copied;
        }

        Object copyOne(Object value, Deque<Filling> open) {
            spend(1, 0);
            if (value == null) {
                return null;
            }
            if (value instanceof String) {
                spend(0, textBytes(((String) value).length()));
                return value;
            }
            if (value instanceof BigInteger) { // held as it is: its digits count, however many
                spend(0, 24 + ((BigInteger) value).bitLength() / 8);
                return value;
            }
            if (value instanceof BigDecimal) {
                spend(0, 24 + ((BigDecimal) value).unscaledValue().bitLength() / 8);
                return value;
            }
            if (value instanceof Number || value instanceof Boolean) {
                spend(0, 24);
                return value;
            }
            if (value instanceof Character) {
                spend(0, textBytes(1));
                return value.toString();
            }
            if (value instanceof CharSequence) { // a StringBuilder model is its text, as a Python str would be
                reserveBytes(textBytes(((CharSequence) value).length())); // before its text is taken
                OpaqueValue text = OpaqueValue.of(value);
                spend(0, textBytes(text.length())); // toString() may not agree with length()
                return text.hasText() ? text.toString() : text;
            }
            if (value instanceof Collection) {
                Collection<?> collection = (Collection<?>) value;
                reserve(collection.size());
                return fillList(collection.iterator(), open);
            }
            if (value instanceof Map) {
                Map<?, ?> map = (Map<?, ?>) value;
                reserve(2L * map.size());
                Map<Object, Object> copy = new LinkedHashMap<>();
                fill(new MapFilling(map.entrySet().iterator(), copy), open);
                return Collections.unmodifiableMap(copy);
            }
            if (value.getClass().isArray()) {
                int length = Array.getLength(value);
                reserve(length);
                return fillList(IntStream.range(0, length).mapToObj(i -> Array.get(value, i)).iterator(), open);
            }
            OpaqueValue opaque = OpaqueValue.of(value);
            spend(0, textBytes(opaque.length()));
            return opaque;
        }

        private List<Object> fillList(Iterator<?> source, Deque<Filling> open) {
            List<Object> copy = new ArrayList<>();
            fill(new ListFilling(source, copy), open);
            return Collections.unmodifiableList(copy);
        }

        private void fill(Filling filling, Deque<Filling> open) {
            spend(0, 40);
            open.push(filling);
        }

        /** Refuses at once if {@code count} more values would not fit: checked before any of them is read. */
        void reserve(long count) {
            if (count > MAX_ELEMENTS - elements) {
                throw OverBudget.INSTANCE;
            }
        }

        private void reserveBytes(long amount) {
            if (amount > maxBytes - bytes) {
                throw OverBudget.INSTANCE;
            }
        }

        private void spend(long count, long amount) {
            reserve(count);
            reserveBytes(amount);
            elements += count;
            bytes += amount;
        }

        private static long textBytes(int length) {
            return 40 + 2L * length;
        }
    }

    /** A container's copy being filled from its source. */
    private abstract static class Filling {
        final Iterator<?> source;

        Filling(Iterator<?> source) {
            this.source = source;
        }

        /** Copies the next item of the source into this container. */
        abstract void add(Budget budget, Object item, Deque<Filling> open);

        /** Called once every item, and everything nested in them, is copied. */
        void finish() {
        }
    }

    private static final class ListFilling extends Filling {
        private final List<Object> copy;

        ListFilling(Iterator<?> source, List<Object> copy) {
            super(source);
            this.copy = copy;
        }

        @Override
        void add(Budget budget, Object item, Deque<Filling> open) {
            copy.add(budget.copyOne(item, open));
        }
    }

    private static final class MapFilling extends Filling {
        private final Map<Object, Object> copy;
        private final List<Object> keysAndValues = new ArrayList<>();

        MapFilling(Iterator<?> source, Map<Object, Object> copy) {
            super(source);
            this.copy = copy;
        }

        @Override
        void add(Budget budget, Object item, Deque<Filling> open) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
            budget.spend(0, 16);
            keysAndValues.add(budget.copyOne(entry.getKey(), open));
            keysAndValues.add(budget.copyOne(entry.getValue(), open));
        }

        // Put only now: a key that is itself a container is complete, so its hash code is final.
        @Override
        void finish() {
            for (int i = 0; i < keysAndValues.size(); i += 2) {
                copy.put(keysAndValues.get(i), keysAndValues.get(i + 1));
            }
        }
    }

    /** Thrown, without a stack trace, when an event does not fit the budget; {@link #of} catches it. */
    private static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final OverBudget INSTANCE = new OverBudget();

        private OverBudget() {
            super("over the copy budget", null, false, false);
        }
    }
}
