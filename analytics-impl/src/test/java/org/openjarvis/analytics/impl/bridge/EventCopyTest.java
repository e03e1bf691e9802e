package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.impl.bridge.OpaqueValue;
import org.osgi.service.event.Event;

/** The copy of an event's properties on the publisher's thread: what it keeps, what it costs, what it refuses. */
class EventCopyTest {

    private static final long NO_BYTE_LIMIT = Long.MAX_VALUE;

    @Test
    void commentTextIsNeverHeldOnlyWhetherThereWasOne() {
        Map<String, Object> copy = copy(new Event(AnalyticsTopics.FEEDBACK_RECEIVED,
                Map.of("rating", 5L, "comment", "my email is a@b.c", "text", "", "unrelated", "x")));

        assertThat(copy).isEqualTo(Map.of("rating", 5L, "comment", true, "text", false));
    }

    @Test
    void theEstimateCountsNamesStringsContainersEntriesAndScalars() {
        long name = 40 + 2; // the property's name, "k"
        assertThat(bytesOf("abc")).isEqualTo(name + 46);
        assertThat(bytesOf(7L)).isEqualTo(name + 24);
        assertThat(bytesOf(null)).isEqualTo(name);
        assertThat(bytesOf(List.of("a", List.of("b")))).isEqualTo(name + 40 + 42 + 40 + 42);
        assertThat(bytesOf(Map.of("k", 1L))).isEqualTo(name + 40 + 16 + 42 + 24);
        assertThat(bytesOf(new int[] {1, 2})).isEqualTo(name + 40 + 24 + 24);
        assertThat(bytesOf(new StringBuilder("abc"))).isEqualTo(name + 46);
        assertThat(bytesOf(BigInteger.ONE.shiftLeft(8 * 1000))).isEqualTo(name + 24 + 1000);
        assertThat(bytesOf(new BigDecimal(BigInteger.ONE.shiftLeft(8 * 1000), 3))).isEqualTo(name + 24 + 1000);
    }

    @Test
    void containersAreCopiedAllTheWayDownSoTheHostsObjectsAreNeitherKeptNorSeenChanging() {
        List<Object> inner = new ArrayList<>(List.of("a"));
        StringBuilder text = new StringBuilder("b");
        Map<Object, Object> keyedByAList = new HashMap<>(Map.of(List.of("k"), 1L));
        List<Object> model = new ArrayList<>(List.of(inner, text, keyedByAList, new int[] {7}));

        Object copied = copy(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", model))).get("model");
        inner.add("changed");
        text.append("changed");
        model.clear();

        assertThat(copied).isEqualTo(List.of(List.of("a"), "b", Map.of(List.of("k"), 1L), List.of(7)));
        assertThat(((Map<?, ?>) ((List<?>) copied).get(2)).get(List.of("k"))).as("found by its key's hash code")
                .isEqualTo(1L);
    }

    @Test
    void exactlyTheElementBudgetFitsAndOneMoreIsRefused() {
        // The list itself is one value, so it may hold one fewer than the budget.
        List<Integer> fits = IntStream.range(0, EventCopy.MAX_ELEMENTS - 1).boxed().toList();
        List<Integer> over = IntStream.range(0, EventCopy.MAX_ELEMENTS).boxed().toList();

        assertThat(EventCopy.of(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", fits)), NO_BYTE_LIMIT))
                .hasValueSatisfying(copy -> assertThat(copy.data().get("model")).isEqualTo(fits));
        assertThat(EventCopy.of(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", over)), NO_BYTE_LIMIT))
                .isEmpty();
    }

    @Test
    void exactlyTheByteBudgetFitsAndOneMoreIsRefused() {
        Event event = new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", "m".repeat(300)));
        long bytes = EventCopy.of(event, NO_BYTE_LIMIT).orElseThrow().bytes();

        assertThat(EventCopy.of(event, bytes)).isPresent();
        assertThat(EventCopy.of(event, bytes - 1)).isEmpty();
    }

    @Test
    void aCollectionTooLargeForTheBudgetIsRefusedBeforeAnyOfItIsCopied() {
        List<String> huge = Collections.nCopies(Integer.MAX_VALUE, "x"); // new ArrayList<>(huge) would not fit

        assertThat(refused(AnalyticsTopics.INFERENCE_END, "model", huge)).isTrue();
        assertThat(refused(AnalyticsTopics.INFERENCE_END, "model", Map.of("inside", huge))).isTrue();
        assertThat(refused(AnalyticsTopics.CAPTURE, "anything", List.of(List.of(huge)))).isTrue();
        assertThat(refused(AnalyticsTopics.INFERENCE_END, "model", new boolean[10_000_000])).isTrue();
        Collection<Object> notToBeIterated = new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                throw new AssertionError("iterated");
            }

            @Override
            public int size() {
                return EventCopy.MAX_ELEMENTS;
            }
        };
        assertThat(refused(AnalyticsTopics.INFERENCE_END, "model", notToBeIterated)).isTrue();
        assertThat(refused(AnalyticsTopics.INFERENCE_END, "model", new AbstractMap<>() {
            @Override
            public Set<Entry<Object, Object>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<Object, Object>> iterator() {
                        throw new AssertionError("iterated");
                    }

                    @Override
                    public int size() {
                        return EventCopy.MAX_ELEMENTS / 2; // a key and a value each
                    }
                };
            }
        })).isTrue();
    }

    @Test
    void aCollectionOrMapThatSaysItHoldsOneButNeverEndsIsReadOnlyUpToTheBudget() {
        AtomicInteger read = new AtomicInteger();
        Collection<Object> endless = new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return Stream.generate(() -> (Object) read.incrementAndGet()).iterator();
            }

            @Override
            public int size() {
                return 1;
            }
        };
        Map<Object, Object> endlessMap = new AbstractMap<>() {
            @Override
            public Set<Entry<Object, Object>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<Object, Object>> iterator() {
                        return Stream.generate(() -> Map.entry((Object) read.incrementAndGet(), (Object) "v"))
                                .iterator();
                    }

                    @Override
                    public int size() {
                        return 1;
                    }
                };
            }
        };

        assertThat(refused(AnalyticsTopics.INFERENCE_END, "session_id", endless)).isTrue();
        assertThat(read.get()).isBetween(EventCopy.MAX_ELEMENTS - 1, EventCopy.MAX_ELEMENTS + 1);
        assertThat(refused(AnalyticsTopics.CAPTURE, "event", endlessMap)).isTrue();
        assertThat(read.get()).isLessThan(2 * EventCopy.MAX_ELEMENTS);
    }

    @Test
    void anIterableThatIsNoCollectionIsAnOpaqueValueAndIsNeverIterated() {
        Iterable<Object> endless = () -> {
            throw new AssertionError("iterated");
        };

        Object copied = copy(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", endless))).get("model");

        assertThat(copied).isInstanceOf(OpaqueValue.class);
    }

    @Test
    void deepNestingAndCyclesAreRefusedWithoutRecursing() {
        List<Object> deep = List.of();
        for (int i = 0; i < 200_000; i++) {
            deep = List.of(deep);
        }
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        Map<String, Object> cyclicMap = new HashMap<>();
        cyclicMap.put("self", cyclicMap);

        assertThat(refused(AnalyticsTopics.INFERENCE_END, "model", deep)).isTrue();
        assertThat(refused(AnalyticsTopics.INFERENCE_END, "model", cyclic)).isTrue();
        assertThat(refused(AnalyticsTopics.CAPTURE, "properties", cyclicMap)).isTrue();
    }

    @Test
    void aTextTooLongForTheBudgetIsRefusedBeforeItsTextIsTakenAndALyingOneAfter() {
        AtomicInteger texts = new AtomicInteger();
        CharSequence claimsToBeHuge = new Text(Integer.MAX_VALUE, () -> {
            texts.incrementAndGet();
            return "never taken";
        });
        String long1000 = "x".repeat(1000);
        CharSequence claimsToBeShort = new Text(1, () -> long1000);

        // Even the largest backlog.max.bytes, 1 GiB, is less than what 2^31-1 chars would hold.
        assertThat(EventCopy.of(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", claimsToBeHuge)), 1L << 30))
                .isEmpty();
        assertThat(texts).hasValue(0);
        assertThat(EventCopy.of(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", claimsToBeShort)), 1024))
                .isEmpty();
        assertThat(EventCopy.of(new Event(AnalyticsTopics.INFERENCE_END, Map.of("model", claimsToBeShort)),
                NO_BYTE_LIMIT)).hasValueSatisfying(copy -> assertThat(copy.data()).containsEntry("model", long1000));
    }

    @Test
    void aCaptureWithMorePropertiesThanTheBudgetIsRefusedBeforeAnyValueIsRead() {
        AtomicInteger texts = new AtomicInteger();
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i <= EventCopy.MAX_ELEMENTS; i++) {
            properties.put("k" + i, new Text(1, () -> {
                texts.incrementAndGet();
                return "v";
            }));
        }

        assertThat(EventCopy.of(new Event(AnalyticsTopics.CAPTURE, properties), NO_BYTE_LIMIT)).isEmpty();
        assertThat(texts).hasValue(0);
        properties.remove("k0");
        assertThat(EventCopy.of(new Event(AnalyticsTopics.CAPTURE, properties), NO_BYTE_LIMIT)).isPresent();
        assertThat(texts).hasValue(EventCopy.MAX_ELEMENTS);
    }

    @Test
    void aBusEventsOtherPropertiesAreNeverRead() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("session_id", "s1");
        properties.put("unrelated", Collections.nCopies(Integer.MAX_VALUE, "x"));
        properties.put("also_unrelated", new Text(Integer.MAX_VALUE, () -> {
            throw new AssertionError("read");
        }));

        assertThat(copy(new Event(AnalyticsTopics.SESSION_END, properties))).isEqualTo(Map.of("session_id", "s1"));
    }

    private static Map<String, Object> copy(Event event) {
        return EventCopy.of(event, NO_BYTE_LIMIT).orElseThrow().data();
    }

    private static long bytesOf(Object value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("k", value);
        return EventCopy.of(new Event(AnalyticsTopics.CAPTURE, properties), NO_BYTE_LIMIT).orElseThrow().bytes();
    }

    private static boolean refused(String topic, String key, Object value) {
        Optional<EventCopy.Copy> copy = EventCopy.of(new Event(topic, Map.of(key, value)), NO_BYTE_LIMIT);
        return copy.isEmpty();
    }

    /** A CharSequence that says its length is {@code length} and whose text is whatever {@code text} gives. */
    static final class Text implements CharSequence {
        private final int length;
        private final Supplier<String> text;

        Text(int length, Supplier<String> text) {
            this.length = length;
            this.text = text;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return text.get().charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.get().subSequence(start, end);
        }

        @Override
        public String toString() {
            return text.get();
        }
    }
}
