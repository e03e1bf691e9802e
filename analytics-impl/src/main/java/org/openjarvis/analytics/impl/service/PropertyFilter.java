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
     * @param invalid how many redaction kept but validation dropped
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
        for (Map.Entry<String, ?> property : properties.entrySet()) {
            Object value = property.getValue();
            if (!Redactor.keeps(value)) {
                redacted++;
            } else if (spec.accepts(property.getKey(), value)) {
                kept.put(property.getKey(), value);
            } else {
                invalid++;
            }
        }
        return new Result(kept.build(), redacted, invalid);
    }
}
