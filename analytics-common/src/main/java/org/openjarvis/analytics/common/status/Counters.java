package org.openjarvis.analytics.common.status;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * One counter per constant of {@code E}, named in status output by one rule: a total is {@code <verb>_<reason>}
 * ({@code dropped_overflow}), a gauge a noun ({@code pending}), each the constant's name in lower case. A constant
 * named {@code DROPPED_<REASON>} or {@code DISCARDED_<REASON>} counts events lost, and its reason in the accounting
 * ({@link #dropped(Map)}) is derived from it, so that a counter and its drop reason can never disagree. Thread-safe.
 */
public final class Counters<E extends Enum<E>> {

    private static final String[] DROP_PREFIXES = {"dropped_", "discarded_"};

    private final Map<E, LongAdder> values;

    public Counters(Class<E> type) {
        values = new EnumMap<>(type);
        for (E counter : type.getEnumConstants()) {
            values.put(counter, new LongAdder());
        }
    }

    public void increment(E counter) {
        values.get(counter).increment();
    }

    /** Adds {@code amount}; adding 0 touches nothing, which spares a capture an atomic update per count it keeps. */
    public void add(E counter, long amount) {
        if (amount != 0) {
            values.get(counter).add(amount);
        }
    }

    public long get(E counter) {
        return values.get(counter).sum();
    }

    /** Every counter in declaration order, by {@link #displayName(Enum)}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        values.forEach((counter, value) -> snapshot.put(displayName(counter), value.sum()));
        return snapshot;
    }

    /**
     * The counters of events lost, in declaration order, by their {@link #dropReason(Enum) reason}, as they were in
     * {@code snapshot}, one taken by {@link #snapshot()}: a status that shows both then gives the same numbers in its
     * counters and in its accounting.
     */
    public Map<String, Long> dropped(Map<String, Long> snapshot) {
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (E counter : values.keySet()) {
            dropReason(counter).ifPresent(reason -> dropped.put(reason, snapshot.get(displayName(counter))));
        }
        return dropped;
    }

    /** The name shown in status output: the constant's name in lower case, e.g. {@code dropped_overflow}. */
    public static String displayName(Enum<?> counter) {
        return counter.name().toLowerCase(Locale.ROOT);
    }

    /** For a counter of events lost, the reason: its display name without {@code dropped_} or {@code discarded_}. */
    public static Optional<String> dropReason(Enum<?> counter) {
        String name = displayName(counter);
        for (String prefix : DROP_PREFIXES) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return Optional.of(name.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
