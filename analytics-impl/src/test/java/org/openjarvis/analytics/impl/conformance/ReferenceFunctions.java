package org.openjarvis.analytics.impl.conformance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.catalogue.PropertyValidator;
import org.openjarvis.analytics.impl.privacy.Redactor;

/**
 * The reference's {@code redact} and {@code validate_event}, each a whole-map function as the conformance vectors
 * define it: the yardsticks that the capture path's one pass ({@code service.PropertyFilter}) is tested against. The
 * capture path itself builds neither map, so they live with the tests.
 */
public final class ReferenceFunctions {

    private ReferenceFunctions() {
    }

    /**
     * {@code redact}: a new map in input order with the properties whose value {@link Redactor#keeps}; keys are never
     * inspected and the input is never changed; null is treated as empty.
     */
    public static Map<String, Object> redact(Map<String, ?> properties) {
        Map<String, Object> kept = new LinkedHashMap<>();
        if (properties == null) {
            return kept;
        }
        for (Map.Entry<String, ?> property : properties.entrySet()) {
            if (Redactor.keeps(property.getValue())) {
                kept.put(property.getKey(), property.getValue());
            }
        }
        return kept;
    }

    /**
     * {@code validate_event} over OpenJarvis's own catalogue: empty for a name outside it (the caller drops the whole
     * event); otherwise a new map with only the declared properties whose value passes its validator, in input
     * order. Unknown keys and failing values are dropped silently; nothing is coerced.
     */
    public static Optional<Map<String, Object>> validateEvent(String eventName, Map<String, ?> properties) {
        EventSpec spec = EventCatalogue.specs().stream().filter(candidate -> candidate.name().equals(eventName))
                .findFirst().orElse(null);
        if (spec == null) {
            return Optional.empty();
        }
        Map<String, Object> validated = new LinkedHashMap<>();
        if (properties != null) {
            for (Map.Entry<String, ?> property : properties.entrySet()) {
                PropertyValidator validator = spec.properties().get(property.getKey());
                if (validator != null && validator.accepts(property.getValue())) {
                    validated.put(property.getKey(), property.getValue());
                }
            }
        }
        return Optional.of(validated);
    }
}
