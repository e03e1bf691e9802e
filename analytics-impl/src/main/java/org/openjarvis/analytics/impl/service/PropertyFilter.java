package org.openjarvis.analytics.impl.service;

import java.util.Iterator;
import java.util.Map;

import org.openjarvis.analytics.api.EventProperties;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.catalogue.PropertyValidator;
import org.openjarvis.analytics.impl.catalogue.SchemaCompiler;
import org.openjarvis.analytics.impl.privacy.HashId;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;
import org.openjarvis.analytics.impl.privacy.Redactor;

/**
 * The reference's {@code validate_event(name, redact(properties))} in one pass, in input order, then the
 * {@link PrivacyScreen} on each value validation accepts. A property whose
 * name the event does not declare is dropped by validation whatever redaction makes of it, so its value is never
 * screened: the same properties come out, and the PII patterns run only on the few declared names. It runs on
 * every capture, on the caller's thread, so it builds the event's properties directly instead of two intermediate
 * maps, and examines at most {@value #MAX_PROPERTIES} entries. A value whose schema says {@code x-openjarvis-hash}
 * is hashed after the reference's redaction (which drops it if it looks like PII) and before the screen.
 */
public final class PropertyFilter {

    /**
     * Most entries of a caller's map one capture examines; the rest are not read. An event declares at most
     * {@value SchemaCompiler#MAX_PROPERTIES} properties, so only a map that is mostly not properties gets near this,
     * and it costs at most this many lookups.
     */
    public static final int MAX_PROPERTIES = 1_000;

    /**
     * What is left of the properties, and how many were dropped at each step.
     *
     * @param kept the properties the event carries
     * @param redacted how many values of declared names redaction dropped
     * @param invalid how many the validator dropped: undeclared names (keys that are not strings included) whatever
     *        their value, and values it refuses
     * @param redactedStrict how many accepted values the strict screen refused as personal data or secrets
     * @param outOfRange how many accepted numbers the strict screen refused as too large or not finite
     * @param overLimit how many entries beyond {@link #MAX_PROPERTIES} were not read, by the map's {@code size()};
     *        at least 1 if there were any, whatever the map says its size is
     * @param missingRequired whether a property the event requires is not among those kept: then the event is not
     *        sent at all
     */
    public record Result(EventProperties kept, long redacted, long invalid, long redactedStrict, long outOfRange,
            long overLimit, boolean missingRequired) {

        /** Whether every property was kept as it was given, and the event may be sent. */
        public boolean keptAll(int given) {
            return redacted == 0 && invalid == 0 && redactedStrict == 0 && outOfRange == 0 && overLimit == 0
                    && !missingRequired && kept.size() == given;
        }
    }

    private PropertyFilter() {
    }

    /** Filters {@code properties} (null is empty) for the event of {@code spec}, then screens them. */
    public static Result apply(EventSpec spec, Map<String, ?> properties, PrivacyScreen screen) {
        if (properties == null) {
            return new Result(EventProperties.empty(), 0, 0, 0, 0, 0, !spec.required().isEmpty());
        }
        Map<String, PropertyValidator> declared = spec.properties();
        int size = properties.size(); // a hint only: a map may lie about its size, even give a negative one
        EventProperties.Builder kept = EventProperties.builder(Math.max(0, Math.min(size, declared.size())));
        long redacted = 0;
        long invalid = 0;
        long redactedStrict = 0;
        long outOfRange = 0;
        long overLimit = 0;
        // Entries are read as <?, ?>: a raw-typed caller's map may hold any key, and a cast would drop the event.
        Iterator<? extends Map.Entry<?, ?>> entries = properties.entrySet().iterator();
        for (int examined = 0; entries.hasNext(); examined++) {
            if (examined == MAX_PROPERTIES) {
                overLimit = Math.max(1, (long) size - MAX_PROPERTIES);
                break;
            }
            Map.Entry<?, ?> property = entries.next();
            Object key = property.getKey();
            PropertyValidator validator = key instanceof String ? declared.get(key) : null;
            if (validator == null) {
                invalid++; // as the reference's validator skips a key it has no validator for, null included
                continue;
            }
            Object value = property.getValue(); // read once: a hostile entry may answer differently each time
            if (!Redactor.keeps(value)) {
                redacted++;
            } else if (!validator.accepts(value)) {
                invalid++;
            } else if (validator.hashes(value) && !HashId.isWellFormed((String) value)) {
                invalid++; // a lone surrogate has no UTF-8 encoding, so no hash (the reference's hash_id raises)
            } else {
                if (validator.hashes(value)) {
                    value = HashId.hashId((String) value);
                }
                switch (screen.examine(validator.kind(), value)) {
                    case PII:
                        redactedStrict++;
                        break;
                    case OUT_OF_RANGE:
                        outOfRange++;
                        break;
                    default:
                        kept.put((String) key, value);
                }
            }
        }
        EventProperties sent = kept.build();
        return new Result(sent, redacted, invalid, redactedStrict, outOfRange, overLimit, lacksRequired(spec, sent));
    }

    private static boolean lacksRequired(EventSpec spec, EventProperties sent) {
        for (String name : spec.required()) {
            if (!sent.containsKey(name)) {
                return true;
            }
        }
        return false;
    }
}
