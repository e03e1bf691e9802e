package org.openjarvis.analytics.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The immutable, ordered properties of an {@link AnalyticsEvent}: an unmodifiable {@code Map} in insertion order,
 * equal to any other map with the same entries.
 *
 * <p>An event carries a handful of properties and is built on the caller's thread, so this map keeps them in one
 * array instead of a hash table: lookups scan it, which is as fast for a dozen keys and allocates far less. Build
 * one with {@link #builder(int)} to hand an event its properties without a copy.
 */
public final class EventProperties extends AbstractMap<String, Object> {

    private static final EventProperties EMPTY = new EventProperties(new Object[0], 0);

    private final Object[] keysAndValues; // key i at 2i, its value at 2i + 1
    private final int size;

    private EventProperties(Object[] keysAndValues, int size) {
        this.keysAndValues = keysAndValues;
        this.size = size;
    }

    /**
     * The empty properties.
     *
     * @return the one empty instance, never null
     */
    public static EventProperties empty() {
        return EMPTY;
    }

    /**
     * The entries of {@code properties} in their iteration order; {@code properties} itself if it is already an
     * {@code EventProperties}.
     *
     * @param properties the entries to copy; never null, nor any key (a value may be null)
     * @return the properties, never null
     * @throws NullPointerException if {@code properties} or one of its keys is null
     */
    public static EventProperties copyOf(Map<String, ?> properties) {
        if (properties instanceof EventProperties) {
            return (EventProperties) properties;
        }
        Builder builder = new Builder(properties.size());
        // A map's keys are unique, so entries are appended without the builder's duplicate check.
        properties.forEach(builder::append);
        return builder.build();
    }

    /**
     * A builder for properties, for about {@code expectedSize} entries (it grows if needed).
     *
     * @param expectedSize how many entries to make room for, as a hint
     * @return a new builder, never null
     * @throws IllegalArgumentException if {@code expectedSize} is negative
     */
    public static Builder builder(int expectedSize) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize < 0: " + expectedSize);
        }
        return new Builder(expectedSize);
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * Whether a property of that name is present.
     *
     * @param key the property name; may be null, which is never present
     * @return true if a property has that name
     */
    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    /**
     * The value of a property.
     *
     * @param key the property name; may be null, which is never present
     * @return the value; null if no property has that name, or if its value is null
     */
    @Override
    public Object get(Object key) {
        int index = indexOf(key);
        return index < 0 ? null : keysAndValues[index + 1];
    }

    /**
     * Passes each property to {@code action}, in order, without allocating entries.
     *
     * @param action receives each name (never null) and value (may be null); never null
     */
    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < 2 * size; i += 2) {
            action.accept((String) keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    /**
     * The properties as entries, in order.
     *
     * @return an unmodifiable view, never null; an entry's key is never null, its value may be
     */
    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int index = 2 * next++;
                        // Not Map.entry: a property value may be null.
                        return new SimpleImmutableEntry<>((String) keysAndValues[index], keysAndValues[index + 1]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private int indexOf(Object key) {
        for (int i = 0; i < 2 * size; i += 2) {
            if (keysAndValues[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Collects properties in order; {@link #build()} hands its storage over without copying. Not thread-safe. */
    public static final class Builder {
        private Object[] keysAndValues;
        private int size;

        private Builder(int expectedSize) {
            // Capped: a size is only a hint, and a huge one must not allocate (or overflow) up front.
            keysAndValues = new Object[2 * Math.min(expectedSize, 1024)];
        }

        /**
         * Adds a property at the end, or replaces the value of an existing key in place, as a
         * {@code LinkedHashMap} would. Each call scans the properties so far: meant for the few of one event.
         *
         * @param key the property name; never null
         * @param value its value; may be null
         * @return this builder, never null
         * @throws NullPointerException if {@code key} is null
         * @throws IllegalStateException if {@link #build()} was called
         */
        public Builder put(String key, Object value) {
            Objects.requireNonNull(key, "key");
            checkNotBuilt();
            for (int i = 0; i < 2 * size; i += 2) {
                if (keysAndValues[i].equals(key)) {
                    keysAndValues[i + 1] = value;
                    return this;
                }
            }
            append(key, value);
            return this;
        }

        /**
         * The properties added so far. The builder cannot be used afterwards.
         *
         * @return the properties, never null
         * @throws IllegalStateException if called twice
         */
        public EventProperties build() {
            checkNotBuilt();
            Object[] built = keysAndValues;
            keysAndValues = null;
            return size == 0 ? EMPTY : new EventProperties(built, size);
        }

        private void append(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (2 * size == keysAndValues.length) {
                keysAndValues = Arrays.copyOf(keysAndValues, Math.max(8, 2 * keysAndValues.length));
            }
            keysAndValues[2 * size] = key;
            keysAndValues[2 * size + 1] = value;
            size++;
        }

        private void checkNotBuilt() {
            if (keysAndValues == null) {
                throw new IllegalStateException("build() was already called");
            }
        }
    }
}
