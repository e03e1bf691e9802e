package org.openjarvis.analytics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link EventProperties} behaves as an unmodifiable LinkedHashMap would. */
class EventPropertiesTest {

    @Test
    void keepsInsertionOrderAndEqualsAnyMapWithTheSameEntries() {
        Map<String, Object> expected = new LinkedHashMap<>();
        EventProperties.Builder builder = EventProperties.builder(1);
        for (int i = 20; i > 0; i--) { // more than expected: the builder grows
            expected.put("k" + i, i);
            builder.put("k" + i, i);
        }
        EventProperties properties = builder.build();

        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(properties.keySet()));
        assertEquals(new ArrayList<>(expected.values()), new ArrayList<>(properties.values()));
        assertEquals(expected, properties);
        assertEquals(properties, new HashMap<>(expected));
        assertEquals(expected.hashCode(), properties.hashCode());
        assertEquals(expected.toString(), properties.toString());
        assertEquals(7, properties.get("k7"));
        assertNull(properties.get("k21"));
        assertNull(properties.get(null));
        assertFalse(properties.containsKey(42));
    }

    @Test
    void putReplacesTheValueOfAnExistingKeyInPlace() {
        EventProperties properties = EventProperties.builder(2).put("a", 1).put("b", 2).put("a", 3).build();
        assertEquals(List.of("a", "b"), new ArrayList<>(properties.keySet()));
        assertEquals(3, properties.get("a"));
    }

    @Test
    void nullValuesAreKeptAndNullKeysRefused() {
        EventProperties properties = EventProperties.builder(1).put("a", null).build();
        assertTrue(properties.containsKey("a"));
        assertNull(properties.entrySet().iterator().next().getValue());
        assertThrows(NullPointerException.class, () -> EventProperties.builder(1).put(null, 1));
        Map<String, Object> withNullKey = new HashMap<>();
        withNullKey.put(null, 1);
        assertThrows(NullPointerException.class, () -> EventProperties.copyOf(withNullKey));
    }

    @Test
    void isUnmodifiable() {
        EventProperties properties = EventProperties.copyOf(Map.of("a", 1));
        assertThrows(UnsupportedOperationException.class, () -> properties.put("b", 2));
        assertThrows(UnsupportedOperationException.class, () -> properties.remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> properties.entrySet().iterator().next()
                .setValue(2));
        assertThrows(UnsupportedOperationException.class, () -> properties.keySet().clear());
    }

    @Test
    void copyOfLeavesTheSourceIndependentAndReusesAnImmutableCopy() {
        Map<String, Object> source = new LinkedHashMap<>(Map.of("a", 1));
        EventProperties copy = EventProperties.copyOf(source);
        source.put("b", 2);
        assertEquals(Map.of("a", 1), copy);
        assertSame(copy, EventProperties.copyOf(copy));
        assertSame(EventProperties.empty(), EventProperties.copyOf(Map.of()));
    }

    @Test
    void aBuilderBuildsOnce() {
        EventProperties.Builder builder = EventProperties.builder(0);
        builder.build();
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalStateException.class, () -> builder.put("a", 1));
        assertThrows(IllegalArgumentException.class, () -> EventProperties.builder(-1));
    }

    @Test
    void aHugeSizeHintAllocatesNothingUpFront() {
        assertEquals(Map.of("a", 1), EventProperties.builder(Integer.MAX_VALUE).put("a", 1).build());
    }
}
