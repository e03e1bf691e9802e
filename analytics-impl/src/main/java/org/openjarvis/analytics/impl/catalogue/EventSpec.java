package org.openjarvis.analytics.impl.catalogue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openjarvis.analytics.api.CatalogueEvent;

/**
 * One catalogue entry: the event and the validator of each property it may carry. No property is ever required.
 */
public final class EventSpec {
    private final CatalogueEvent event;
    private final Map<String, PropertyValidator> properties;

    EventSpec(CatalogueEvent event, Map<String, PropertyValidator> properties) {
        this.event = event;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The catalogue event. */
    public CatalogueEvent event() {
        return event;
    }

    /** Whether this event may carry the property: its name is declared and its validator accepts the value. */
    public boolean accepts(String name, Object value) {
        PropertyValidator validator = properties.get(name);
        return validator != null && validator.accepts(value);
    }

    /** Allowed property names and their validators, in declaration order. */
    public Map<String, PropertyValidator> properties() {
        return properties;
    }
}
