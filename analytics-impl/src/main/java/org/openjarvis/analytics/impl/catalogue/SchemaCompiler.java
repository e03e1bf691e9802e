package org.openjarvis.analytics.impl.catalogue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a catalogue file, a subset of JSON Schema 2020-12 with one schema per event (docs/catalogues.md), into
 * the validators that capture runs. Every keyword outside the subset, and every value a keyword cannot take, is a
 * problem: a catalogue is used whole or not at all, so that what a bundle declares is exactly what is enforced.
 */
public final class SchemaCompiler {

    /** Most events one catalogue may declare. */
    public static final int MAX_EVENTS = 1_000;
    /** Most properties one event may declare. */
    public static final int MAX_PROPERTIES = 100;
    /** Most values one {@code enum} may list. */
    public static final int MAX_ENUM_VALUES = 1_000;
    /** Longest {@code pattern}, in characters. */
    public static final int MAX_PATTERN_LENGTH = 1_000;
    /** The longest string any property can send: redaction drops longer ones (the reference's MAX_STR_LEN). */
    public static final int MAX_TEXT_LENGTH = 200;
    /** The form of an event or property name: what PostHog, a shell and a file name all take as it is. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** The one {@code format} the subset knows: a value the caller already hashed with {@code hash_id}. */
    public static final String HASH16_FORMAT = "openjarvis-hash16";
    /** The extension keyword: send the value's {@code hash_id} unless it is one of the {@code enum}. */
    public static final String HASH_KEYWORD = "x-openjarvis-hash";

    private static final int MAX_PROBLEMS_REPORTED = 10;
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment");
    private static final Set<String> DOCUMENT_KEYWORDS = union(ANNOTATIONS, "$schema", "$id", "$defs", "events");
    private static final Set<String> EVENT_KEYWORDS = union(ANNOTATIONS, "type", "properties", "required",
            "additionalProperties");
    private static final Set<String> PROPERTY_KEYWORDS = union(ANNOTATIONS, "type", "enum", "minimum", "maximum",
            "minLength", "maxLength", "pattern", "format", HASH_KEYWORD);
    private static final String REF_PREFIX = "#/$defs/";

    private final List<String> problems = new ArrayList<>();
    private final Map<String, Object> definitions = new LinkedHashMap<>();
    private final Map<String, Optional<PropertyValidator>> compiledDefinitions = new HashMap<>();

    private SchemaCompiler() {
    }

    /**
     * Compiles the catalogue in {@code json}.
     *
     * @throws CatalogueException naming every problem found (the first {@value #MAX_PROBLEMS_REPORTED}), each with
     *         the event and property it concerns
     */
    public static Catalogue compile(CatalogueOrigin origin, byte[] json) throws CatalogueException {
        return new SchemaCompiler().document(origin, CatalogueJson.read(json));
    }

    private Catalogue document(CatalogueOrigin origin, Object document) throws CatalogueException {
        Map<String, Object> root = object(document, "the document");
        if (root == null) {
            throw failure();
        }
        unknownKeywords(root, DOCUMENT_KEYWORDS, "the document");
        annotations(root, "the document");
        text(root, "$schema", "the document");
        text(root, "$id", "the document");
        Map<String, Object> defs = root.containsKey("$defs") ? object(root.get("$defs"), "$defs") : Map.of();
        if (defs != null) {
            definitions.putAll(defs);
            defs.keySet().forEach(this::definition); // an unused definition is checked too
        }
        Map<String, EventSpec> events = events(root.get("events"), origin.label());
        if (!problems.isEmpty()) {
            throw failure();
        }
        return new Catalogue(origin, root.get("title") instanceof String ? (String) root.get("title") : "", events);
    }

    private Map<String, EventSpec> events(Object value, String label) {
        Map<String, EventSpec> events = new LinkedHashMap<>();
        if (value == null) {
            problems.add("events: missing; it maps each event name to the event's schema");
            return events;
        }
        Map<String, Object> declared = object(value, "events");
        if (declared == null) {
            return events;
        }
        if (declared.isEmpty() || declared.size() > MAX_EVENTS) {
            problems.add("events: declares " + declared.size() + " events; a catalogue declares 1 to " + MAX_EVENTS);
        }
        for (Map.Entry<String, Object> event : declared.entrySet()) {
            String where = "event " + quoted(event.getKey());
            if (!NAME.matcher(event.getKey()).matches()) {
                problems.add(where + ": the name must be 1 to 64 of a-z, 0-9 and _, starting with a letter");
            }
            event(event.getValue(), event.getKey(), where, label).ifPresent(spec -> events.put(spec.name(), spec));
        }
        return events;
    }

    private Optional<EventSpec> event(Object value, String name, String where, String label) {
        Map<String, Object> schema = object(value, where);
        if (schema == null) {
            return Optional.empty();
        }
        unknownKeywords(schema, EVENT_KEYWORDS, where);
        annotations(schema, where);
        if (!"object".equals(schema.get("type"))) {
            problems.add(where + ": type must be \"object\"");
        }
        if (schema.containsKey("additionalProperties") && !Boolean.FALSE.equals(schema.get("additionalProperties"))) {
            problems.add(where + ": additionalProperties can only be false, which it is when absent: an event "
                    + "carries only the properties it declares");
        }
        Map<String, PropertyValidator> properties = new LinkedHashMap<>();
        Map<String, Object> declared = schema.containsKey("properties")
                ? object(schema.get("properties"), where + ", properties") : Map.of();
        if (declared != null) {
            if (declared.size() > MAX_PROPERTIES) {
                problems.add(where + ": declares " + declared.size() + " properties; at most " + MAX_PROPERTIES);
            }
            for (Map.Entry<String, Object> property : declared.entrySet()) {
                String at = where + ", property " + quoted(property.getKey());
                if (!NAME.matcher(property.getKey()).matches()) {
                    problems.add(at + ": the name must be 1 to 64 of a-z, 0-9 and _, starting with a letter");
                }
                property(property.getValue(), at).ifPresent(rule -> properties.put(property.getKey(), rule));
            }
        }
        List<String> required = schema.containsKey("required")
                ? required(schema.get("required"), declared == null ? Map.of() : declared, where) : List.of();
        String description = schema.get("description") instanceof String ? (String) schema.get("description") : "";
        return Optional.of(new EventSpec(name, description, properties, required, label));
    }

    private List<String> required(Object value, Map<String, Object> declared, String where) {
        List<String> required = new ArrayList<>();
        if (!(value instanceof List)) {
            problems.add(where + ": required must be an array of property names");
            return required;
        }
        for (Object name : (List<?>) value) {
            if (!(name instanceof String) || !declared.containsKey(name)) {
                problems.add(where + ": required lists " + quoted(name) + ", which is not one of its properties");
            } else if (required.contains(name)) {
                problems.add(where + ": required lists " + quoted(name) + " twice");
            } else {
                required.add((String) name);
            }
        }
        return required;
    }

    private Optional<PropertyValidator> property(Object value, String where) {
        Map<String, Object> schema = object(value, where);
        if (schema == null) {
            return Optional.empty();
        }
        if (!schema.containsKey("$ref")) {
            return rule(schema, where);
        }
        unknownKeywords(schema, union(ANNOTATIONS, "$ref"), where + " (beside $ref)");
        annotations(schema, where);
        Object ref = schema.get("$ref");
        if (!(ref instanceof String) || !((String) ref).startsWith(REF_PREFIX)
                || !definitions.containsKey(((String) ref).substring(REF_PREFIX.length()))) {
            problems.add(where + ": $ref " + quoted(ref) + " must be \"" + REF_PREFIX + "NAME\" for a NAME in $defs");
            return Optional.empty();
        }
        return definition(((String) ref).substring(REF_PREFIX.length()));
    }

    // Compiled once however often it is referenced, so that each problem in it is reported once.
    private Optional<PropertyValidator> definition(String name) {
        Optional<PropertyValidator> compiled = compiledDefinitions.get(name);
        if (compiled == null) {
            String where = "$defs/" + quoted(name);
            Map<String, Object> schema = object(definitions.get(name), where);
            if (schema != null && schema.containsKey("$ref")) {
                problems.add(where + ": a definition cannot itself be a $ref");
                compiled = Optional.empty();
            } else {
                compiled = schema == null ? Optional.empty() : rule(schema, where);
            }
            compiledDefinitions.put(name, compiled);
        }
        return compiled;
    }

    private Optional<PropertyValidator> rule(Map<String, Object> schema, String where) {
        int before = problems.size();
        unknownKeywords(schema, PROPERTY_KEYWORDS, where);
        annotations(schema, where);
        Object type = schema.get("type");
        if (!(type instanceof String)) {
            problems.add(where + ": type must be one of \"string\", \"integer\", \"number\", \"boolean\"");
            return Optional.empty();
        }
        PropertyValidator rule;
        switch ((String) type) {
            case "boolean":
                onlyFor(schema, where, "a boolean");
                rule = PropertyValidator.BOOL;
                break;
            case "integer":
            case "number":
                onlyFor(schema, where, type.equals("integer") ? "an integer" : "a number", "minimum", "maximum");
                Optional<Number> minimum = bound(schema, "minimum", where);
                Optional<Number> maximum = bound(schema, "maximum", where);
                bounded(where, minimum, maximum);
                rule = type.equals("integer") ? PropertyValidator.integer(minimum, maximum)
                        : PropertyValidator.number(minimum, maximum);
                break;
            case "string":
                rule = string(schema, where);
                break;
            default:
                problems.add(where + ": type must be one of \"string\", \"integer\", \"number\", \"boolean\", not "
                        + quoted(type));
                return Optional.empty();
        }
        return problems.size() == before ? Optional.of(rule) : Optional.empty();
    }

    private PropertyValidator string(Map<String, Object> schema, String where) {
        if (schema.containsKey("format")) {
            if (!HASH16_FORMAT.equals(schema.get("format"))) {
                problems.add(where + ": format " + quoted(schema.get("format")) + " is not supported; the one format "
                        + "is \"" + HASH16_FORMAT + "\"");
            }
            onlyFor(schema, where, "a string with a format", "format");
            return PropertyValidator.HASH16;
        }
        Object hash = schema.getOrDefault(HASH_KEYWORD, Boolean.FALSE);
        if (!(hash instanceof Boolean)) {
            problems.add(where + ": " + HASH_KEYWORD + " must be true or false");
        }
        Set<String> values = schema.containsKey("enum") ? enumeration(schema.get("enum"), where) : Set.of();
        boolean constrained = schema.containsKey("minLength") || schema.containsKey("maxLength")
                || schema.containsKey("pattern");
        if (schema.containsKey("enum") && constrained && !Boolean.TRUE.equals(hash)) {
            problems.add(where + ": enum cannot be combined with minLength, maxLength or pattern (without "
                    + HASH_KEYWORD + ", a value must be one of the enum, and nothing else is checked)");
        }
        onlyFor(schema, where, "a string", "enum", "minLength", "maxLength", "pattern", HASH_KEYWORD);
        if (schema.containsKey("enum") && !Boolean.TRUE.equals(hash)) {
            return PropertyValidator.oneOf(values);
        }
        int minLength = length(schema, "minLength", 0, where);
        int maxLength = length(schema, "maxLength", MAX_TEXT_LENGTH, where);
        if (minLength > maxLength) {
            problems.add(where + ": minLength " + minLength + " is more than maxLength " + maxLength);
        }
        PropertyValidator text = PropertyValidator.string(minLength, maxLength, pattern(schema, where));
        return Boolean.TRUE.equals(hash) ? PropertyValidator.hashed(text, values) : text;
    }

    private Set<String> enumeration(Object value, String where) {
        Set<String> values = new LinkedHashSet<>();
        if (!(value instanceof List) || ((List<?>) value).isEmpty()
                || ((List<?>) value).size() > MAX_ENUM_VALUES) {
            problems.add(where + ": enum must be an array of 1 to " + MAX_ENUM_VALUES + " strings");
            return values;
        }
        for (Object member : (List<?>) value) {
            if (!(member instanceof String) || ((String) member).isEmpty()
                    || ((String) member).codePointCount(0, ((String) member).length()) > MAX_TEXT_LENGTH) {
                problems.add(where + ": enum value " + quoted(member) + " is not a string of 1 to "
                        + MAX_TEXT_LENGTH + " code points, so it could never be sent");
            } else if (!values.add((String) member)) {
                problems.add(where + ": enum lists " + quoted(member) + " twice");
            }
        }
        return values;
    }

    private Optional<Pattern> pattern(Map<String, Object> schema, String where) {
        if (!schema.containsKey("pattern")) {
            return Optional.empty();
        }
        Object pattern = schema.get("pattern");
        if (!(pattern instanceof String) || ((String) pattern).length() > MAX_PATTERN_LENGTH) {
            problems.add(where + ": pattern must be a string of at most " + MAX_PATTERN_LENGTH + " characters");
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile((String) pattern));
        } catch (PatternSyntaxException e) {
            problems.add(where + ": pattern is not a regular expression: " + e.getDescription() + " near index "
                    + e.getIndex());
            return Optional.empty();
        }
    }

    private int length(Map<String, Object> schema, String keyword, int absent, String where) {
        if (!schema.containsKey(keyword)) {
            return absent;
        }
        Object value = schema.get(keyword);
        if (!(value instanceof Long) || (Long) value < 0 || (Long) value > MAX_TEXT_LENGTH) {
            problems.add(where + ": " + keyword + " must be an integer from 0 to " + MAX_TEXT_LENGTH
                    + " (redaction drops longer strings)");
            return absent;
        }
        return (int) (long) (Long) value;
    }

    // A bound as json.loads reads it: an integer of any size, or a float (one with a point or an exponent).
    private Optional<Number> bound(Map<String, Object> schema, String keyword, String where) {
        if (!schema.containsKey(keyword)) {
            return Optional.empty();
        }
        Object value = schema.get(keyword);
        if (value instanceof Long || value instanceof BigInteger) {
            return Optional.of((Number) value);
        }
        if (!(value instanceof BigDecimal)) {
            problems.add(where + ": " + keyword + " must be a number");
            return Optional.empty();
        }
        double bound = ((BigDecimal) value).doubleValue();
        if (!Double.isFinite(bound)) {
            problems.add(where + ": " + keyword + " must be a finite number (a double holds at most about 1.8e308)");
            return Optional.empty();
        }
        return Optional.of(bound);
    }

    private void bounded(String where, Optional<Number> minimum, Optional<Number> maximum) {
        if (minimum.isPresent() && maximum.isPresent()
                && PropertyRules.Bounds.exact(minimum.get()).compareTo(PropertyRules.Bounds.exact(maximum.get())) > 0) {
            problems.add(where + ": minimum " + minimum.get() + " is more than maximum " + maximum.get());
        }
    }

    // The keywords a type takes beyond type and the annotations; any other one is a problem.
    private void onlyFor(Map<String, Object> schema, String where, String what, String... allowed) {
        Set<String> permitted = union(ANNOTATIONS, allowed);
        for (String keyword : schema.keySet()) {
            if (!keyword.equals("type") && !permitted.contains(keyword) && PROPERTY_KEYWORDS.contains(keyword)) {
                problems.add(where + ": " + keyword + " does not apply to " + what);
            }
        }
    }

    private void unknownKeywords(Map<String, Object> schema, Set<String> known, String where) {
        for (String keyword : schema.keySet()) {
            if (!known.contains(keyword)) {
                problems.add(where + ": " + quoted(keyword) + " is not a keyword of the catalogue subset of JSON "
                        + "Schema here");
            }
        }
    }

    private void annotations(Map<String, Object> schema, String where) {
        for (String annotation : ANNOTATIONS) {
            text(schema, annotation, where);
        }
    }

    private void text(Map<String, Object> schema, String keyword, String where) {
        if (schema.containsKey(keyword) && !(schema.get(keyword) instanceof String)) {
            problems.add(where + ": " + keyword + " must be a string");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object value, String where) {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        problems.add(where + ": must be a JSON object, not " + kind(value));
        return null;
    }

    private CatalogueException failure() {
        StringBuilder message = new StringBuilder();
        message.append(problems.size() == 1 ? "1 problem: " : problems.size() + " problems: ");
        message.append(String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_REPORTED))));
        if (problems.size() > MAX_PROBLEMS_REPORTED) {
            message.append("; and ").append(problems.size() - MAX_PROBLEMS_REPORTED).append(" more");
        }
        return new CatalogueException(message.toString());
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof String ? "a string" : value instanceof Boolean ? "a boolean" : "a number";
    }

    // Names and values from the file are quoted and cut short: they end up in a log line.
    private static String quoted(Object value) {
        if (!(value instanceof String)) {
            return String.valueOf(value instanceof Map ? "an object" : value instanceof List ? "an array" : value);
        }
        return "\"" + Printable.text((String) value, 40) + "\"";
    }

    private static Set<String> union(Set<String> set, String... more) {
        Set<String> union = new LinkedHashSet<>(set);
        union.addAll(List.of(more));
        return Set.copyOf(union);
    }
}
