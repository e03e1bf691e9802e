package org.openjarvis.analytics.impl.service;

import java.util.Map;

import org.openjarvis.analytics.api.EventProperties;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.privacy.Redactor;

/**
 * The reference's {@code validate_event(name, redact(properties))} in one pass: each property is redacted, then
 * validated, in input order, exactly as the two steps do one after the other. It runs on every capture, so it
 * builds the event's properties directly instead of two intermediate maps.
 */
public final class PropertyFilter {

    /**
     * What is left of the properties, and how many were dropped at each step.
     *
     * @param kept the properties the event carries
     * @param redacted how many values redaction dropped
     * @param invalid how many redaction kept but validation dropped: undeclared names (keys that are not strings
     *        included) and values the validator refuses
     */
    public record Result(EventProperties kept, long redacted, long invalid) {
    }

    private PropertyFilter() {
    }

    /** Filters {@code properties} (null is empty) for the event of {@code spec}. */
    public static Result apply(EventSpec spec, Map<String, ?> properties) {
        if (properties == null) {
            return new Result(EventProperties.empty(), 0, 0);
        }
        EventProperties.Builder kept = EventProperties.builder(Math.min(properties.size(),
                spec.properties().size()));
        long redacted = 0;
        long invalid = 0;
        // Entries are read as <?, ?>: a raw-typed caller's map may hold any key, and a cast would drop the event.
        for (Map.Entry<?, ?> property : properties.entrySet()) {
            Object key = property.getKey();
            Object value = property.getValue();
            if (!Redactor.keeps(value)) {
                redacted++;
            } else if (key instanceof String && spec.accepts((String) key, value)) {
                kept.put((String) key, value);
            } else {
                invalid++; // as the reference's validator skips a key it has no validator for, null included
            }
        }
        return new Result(kept.build(), redacted, invalid);
    }
}
