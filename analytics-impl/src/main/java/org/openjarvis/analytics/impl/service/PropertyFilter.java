package org.openjarvis.analytics.impl.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * {@link #apply} counts what it drops; {@link #explain} names each dropped property and why, from the same verdict.
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

    /** Why a property is dropped; each reason adds to one count of {@link Result}. */
    public enum Drop {
        /** The event does not declare the name (or the key is not a string): counted as invalid. */
        UNDECLARED,
        /** The reference's redaction drops the value: counted as redacted. */
        REDACTED,
        /** The validator refuses the value: counted as invalid. */
        REFUSED,
        /** A value to hash that has no UTF-8 encoding: counted as invalid. */
        UNHASHABLE,
        /** The strict screen refuses it as personal data or a secret: counted as redactedStrict. */
        REDACTED_STRICT,
        /** The strict screen refuses a number as too large or not finite: counted as outOfRange. */
        OUT_OF_RANGE,
        /** Entries beyond {@link #MAX_PROPERTIES}, which are not read: counted as overLimit. */
        OVER_LIMIT
    }

    /**
     * A property that filtering drops: its name ({@code String.valueOf} of a key that is not a string; for
     * {@link Drop#OVER_LIMIT}, how many entries were not read), why, and why in a few words. Never its value.
     */
    public record Dropped(String name, Drop drop, String reason) {
    }

    // What filtering decides, entry by entry: apply counts the drops, explain lists them.
    private interface Verdicts {
        void kept(String name, Object value);

        void dropped(Object key, Drop drop, PropertyValidator validator);

        void notRead(long entries);
    }

    private PropertyFilter() {
    }

    /** Filters {@code properties} (null is empty) for the event of {@code spec}, then screens them. */
    public static Result apply(EventSpec spec, Map<String, ?> properties, PrivacyScreen screen) {
        if (properties == null) {
            return new Result(EventProperties.empty(), 0, 0, 0, 0, 0, !spec.required().isEmpty());
        }
        int size = properties.size(); // a hint only: a map may lie about its size, even give a negative one
        Counts counts = new Counts(EventProperties.builder(Math.max(0, Math.min(size, spec.properties().size()))));
        filter(spec, properties, size, screen, counts);
        EventProperties sent = counts.kept.build();
        return new Result(sent, counts.redacted, counts.invalid, counts.redactedStrict, counts.outOfRange,
                counts.overLimit, lacksRequired(spec, sent));
    }

    /** The properties that {@link #apply} drops, in input order, with why. */
    public static List<Dropped> explain(EventSpec spec, Map<String, ?> properties, PrivacyScreen screen) {
        List<Dropped> dropped = new ArrayList<>();
        if (properties == null) {
            return dropped;
        }
        filter(spec, properties, properties.size(), screen, new Verdicts() {
            @Override
            public void kept(String name, Object value) {
                // only the dropped ones are explained
            }

            @Override
            public void dropped(Object key, Drop drop, PropertyValidator validator) {
                dropped.add(new Dropped(String.valueOf(key), drop, reason(drop, validator)));
            }

            @Override
            public void notRead(long entries) {
                dropped.add(new Dropped(entries + " more", Drop.OVER_LIMIT,
                        "not read: only the first " + MAX_PROPERTIES + " properties are"));
            }
        });
        return dropped;
    }

    private static void filter(EventSpec spec, Map<String, ?> properties, int size, PrivacyScreen screen,
            Verdicts verdicts) {
        Map<String, PropertyValidator> declared = spec.properties();
        // Entries are read as <?, ?>: a raw-typed caller's map may hold any key, and a cast would drop the event.
        Iterator<? extends Map.Entry<?, ?>> entries = properties.entrySet().iterator();
        for (int examined = 0; entries.hasNext(); examined++) {
            if (examined == MAX_PROPERTIES) {
                verdicts.notRead(Math.max(1, (long) size - MAX_PROPERTIES));
                return;
            }
            Map.Entry<?, ?> property = entries.next();
            Object key = property.getKey();
            PropertyValidator validator = key instanceof String ? declared.get(key) : null;
            if (validator == null) {
                // as the reference's validator skips a key it has no validator for, null included
                verdicts.dropped(key, Drop.UNDECLARED, null);
                continue;
            }
            Object value = property.getValue(); // read once: a hostile entry may answer differently each time
            if (!Redactor.keeps(value)) {
                verdicts.dropped(key, Drop.REDACTED, validator);
            } else if (!validator.accepts(value)) {
                verdicts.dropped(key, Drop.REFUSED, validator);
            } else if (validator.hashes(value) && !HashId.isWellFormed((String) value)) {
                // a lone surrogate has no UTF-8 encoding, so no hash (the reference's hash_id raises)
                verdicts.dropped(key, Drop.UNHASHABLE, validator);
            } else {
                if (validator.hashes(value)) {
                    value = HashId.hashId((String) value);
                }
                switch (screen.examine(validator.kind(), value)) {
                    case PII:
                        verdicts.dropped(key, Drop.REDACTED_STRICT, validator);
                        break;
                    case OUT_OF_RANGE:
                        verdicts.dropped(key, Drop.OUT_OF_RANGE, validator);
                        break;
                    default:
                        verdicts.kept((String) key, value);
                }
            }
        }
    }

    private static String reason(Drop drop, PropertyValidator validator) {
        switch (drop) {
            case UNDECLARED:
                return "not declared by the event";
            case REDACTED:
                return "redacted: empty, longer than " + Redactor.MAX_STR_LEN
                        + " code points, a list or map, or looks like personal data";
            case REFUSED:
                return "not " + validator.describe();
            case UNHASHABLE:
                return "cannot be hashed: not valid Unicode";
            case REDACTED_STRICT:
                return "refused by the strict privacy screen: looks like personal data or a secret";
            default:
                return "refused by the strict privacy screen: too large or not finite";
        }
    }

    private static final class Counts implements Verdicts {
        private final EventProperties.Builder kept;
        private long redacted;
        private long invalid;
        private long redactedStrict;
        private long outOfRange;
        private long overLimit;

        Counts(EventProperties.Builder kept) {
            this.kept = kept;
        }

        @Override
        public void kept(String name, Object value) {
            kept.put(name, value);
        }

        @Override
        public void dropped(Object key, Drop drop, PropertyValidator validator) {
            switch (drop) {
                case REDACTED:
                    redacted++;
                    break;
                case REDACTED_STRICT:
                    redactedStrict++;
                    break;
                case OUT_OF_RANGE:
                    outOfRange++;
                    break;
                default:
                    invalid++;
            }
        }

        @Override
        public void notRead(long entries) {
            overLimit = entries;
        }
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
