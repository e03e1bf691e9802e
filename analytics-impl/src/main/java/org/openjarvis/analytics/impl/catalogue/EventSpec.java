package org.openjarvis.analytics.impl.catalogue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event of a catalogue: its name, the validator of each property it may carry, the properties it must carry,
 * and the catalogue it belongs to.
 */
public final class EventSpec {
    private final String name;
    private final String description;
    private final Map<String, PropertyValidator> properties;
    private final List<String> required;
    private final String catalogue;

    EventSpec(String name, String description, Map<String, PropertyValidator> properties, List<String> required,
            String catalogue) {
        // Names interned: those a caller passes are mostly literals, which are interned, so each capture's lookups
        // find their keys by identity instead of comparing characters.
        this.name = name.intern();
        this.description = description;
        Map<String, PropertyValidator> interned = new LinkedHashMap<>();
        properties.forEach((property, validator) -> interned.put(property.intern(), validator));
        this.properties = Collections.unmodifiableMap(interned);
        this.required = List.copyOf(required);
        this.catalogue = catalogue;
    }

    /** The event's name, for example {@code chat_session_ended}. */
    public String name() {
        return name;
    }

    /** The schema's {@code description}, or "" if it has none. */
    public String description() {
        return description;
    }

    /** Allowed property names and their validators, in declaration order. */
    public Map<String, PropertyValidator> properties() {
        return properties;
    }

    /** The properties without which the event is not sent, in declaration order; empty for most events. */
    public List<String> required() {
        return required;
    }

    /** The catalogue that declares this event, as {@code $catalogue} names it: {@code symbolic-name/version}. */
    public String catalogue() {
        return catalogue;
    }
}
