package org.openjarvis.analytics.posthog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;

import org.openjarvis.analytics.api.AnalyticsEvent;

/**
 * PostHog's {@code /batch/} wire format. Each event is serialised once, when it is queued, so its exact size is
 * known; a batch body is then assembled from those bytes at each attempt, with a fresh {@code sent_at} (PostHog
 * corrects clock skew with it, so a stale one would shift retried events).
 *
 * <p>{@link #read} turns one serialised event back into an {@link AnalyticsEvent}, for events kept on disk: it takes
 * exactly what {@link #event} writes and nothing else, so that whatever it gives can be checked as a live event is
 * and serialised again.
 */
final class WireFormat {

    /** Library name reported in {@code $lib}. */
    static final String LIB = "openjarvis-analytics-java";

    private static final JsonFactory JSON = new JsonFactory();
    // A field given twice could say one thing to us and another to PostHog.
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final List<String> TOP_LEVEL = List.of("event", "distinct_id", "timestamp", "uuid");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final SerializableString EVENT = new SerializedString("event");
    private static final SerializableString DISTINCT_ID = new SerializedString("distinct_id");
    private static final SerializableString TIMESTAMP_FIELD = new SerializedString("timestamp");
    private static final SerializableString UUID_FIELD = new SerializedString("uuid");
    private static final SerializableString PROPERTIES = new SerializedString("properties");
    /** The property naming the catalogue an event was validated against ({@code symbolic-name/version}). */
    static final String CATALOGUE = "$catalogue";
    private static final byte[] COMMA = {','};

    private final String libVersion;
    private final boolean processPersonProfile;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512); // guarded by this
    private JsonGenerator generator; // guarded by this

    /**
     * @param libVersion reported in {@code $lib_version}
     * @param processPersonProfile {@code false} (the default) makes events personless: no person profile is
     *        created for an anonymous installation
     */
    WireFormat(String libVersion, boolean processPersonProfile) {
        this.libVersion = libVersion;
        this.processPersonProfile = processPersonProfile;
    }

    /**
     * One element of the {@code batch} array, as UTF-8 JSON. Every event passes through here, so one generator and
     * buffer are reused (creating a generator costs as much as writing a small event); calls are serialised.
     */
    synchronized byte[] event(AnalyticsEvent event) {
        buffer.reset();
        try {
            JsonGenerator json = generator();
            json.writeStartObject();
            json.writeFieldName(EVENT);
            json.writeString(event.name());
            json.writeFieldName(DISTINCT_ID);
            json.writeString(event.distinctId());
            json.writeFieldName(TIMESTAMP_FIELD);
            json.writeString(event.isoTimestamp());
            json.writeFieldName(UUID_FIELD);
            json.writeString(event.uuid().toString());
            json.writeFieldName(PROPERTIES);
            json.writeStartObject();
            for (Map.Entry<String, Object> property : event.properties().entrySet()) {
                json.writeFieldName(property.getKey());
                writeScalar(json, property.getValue());
            }
            if (event.catalogue().isPresent()) {
                json.writeStringField(CATALOGUE, event.catalogue().get());
            }
            json.writeStringField("$lib", LIB);
            json.writeStringField("$lib_version", libVersion);
            json.writeBooleanField("$geoip_disable", true);
            json.writeBooleanField("$process_person_profile", processPersonProfile);
            json.writeEndObject();
            json.writeEndObject();
            json.flush();
        } catch (IOException | RuntimeException e) {
            generator = null; // part of an object was written: the next event starts with a fresh generator
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new UncheckedIOException((IOException) e); // a ByteArrayOutputStream does not fail
        }
        return buffer.toByteArray();
    }

    /**
     * The event that {@link #event} wrote as {@code json}: exactly its fields, in its order, with exactly the
     * {@code $} properties it adds and their values for this format (library, version, person profile setting), its
     * {@code $catalogue} if it has one, and scalar properties only. Empty for anything else. Numbers come back as {@code Long}, {@code BigInteger} (beyond
     * a long) or {@code Double}, which {@link #event} writes the same way again.
     */
    Optional<AnalyticsEvent> read(byte[] json) {
        try (JsonParser parser = STRICT.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            List<String> fields = new ArrayList<>();
            for (String expected : TOP_LEVEL) {
                if (parser.nextToken() != JsonToken.FIELD_NAME || !expected.equals(parser.currentName())
                        || parser.nextToken() != JsonToken.VALUE_STRING) {
                    return Optional.empty();
                }
                fields.add(parser.getText());
            }
            if (parser.nextToken() != JsonToken.FIELD_NAME || !"properties".equals(parser.currentName())
                    || parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            Map<String, Object> added = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                Object value = scalar(parser, parser.nextToken());
                if (value == null) {
                    return Optional.empty();
                }
                (name.startsWith("$") ? added : properties).put(name, value);
            }
            Object catalogue = added.remove(CATALOGUE);
            if (catalogue != null && !(catalogue instanceof String)) {
                return Optional.empty();
            }
            if (parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null || !added.equals(Map.of(
                    "$lib", LIB, "$lib_version", libVersion, "$geoip_disable", true, "$process_person_profile",
                    processPersonProfile))) {
                return Optional.empty();
            }
            Instant timestamp = Instant.parse(fields.get(2));
            UUID uuid = UUID.fromString(fields.get(3));
            if (!timestamp(timestamp).equals(fields.get(2)) || !uuid.toString().equals(fields.get(3))) {
                return Optional.empty(); // parsed leniently, but not as we write them
            }
            return Optional.of(catalogue == null
                    ? AnalyticsEvent.of(uuid, fields.get(0), fields.get(1), timestamp, properties)
                    : AnalyticsEvent.of(uuid, fields.get(0), fields.get(1), timestamp, properties, (String) catalogue));
        } catch (IOException | RuntimeException e) { // not JSON, a bad timestamp or uuid, a duplicate, a huge number
            return Optional.empty();
        }
    }

    // A property value as the event held it; null for anything else (null, an object, an array).
    private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return token == JsonToken.VALUE_TRUE;
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            default:
                return null;
        }
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = JSON.createGenerator(buffer, JsonEncoding.UTF8);
            generator.setRootValueSeparator(null); // each event is a root value of its own, with nothing between
        }
        return generator;
    }

    /** Where the pieces of a request body go, in order, without first being joined into one array. */
    interface Segments {
        void write(byte[] bytes, int offset, int count);
    }

    /** The start of every request body for {@code apiKey}, {@code {"api_key":…,"batch":[}, the same for each. */
    static byte[] batchStart(String apiKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(apiKey.length() + 24);
        writeAscii(out, "{\"api_key\":");
        out.writeBytes(jsonString(apiKey));
        writeAscii(out, ",\"batch\":[");
        return out.toByteArray();
    }

    /**
     * Writes the request body {@code {"api_key":…,"batch":[…],"sent_at":…}}, uncompressed, to {@code out}: the
     * {@linkplain #batchStart start}, then each queued event's bytes as they are, without a copy.
     */
    static void batch(byte[] start, List<BatchQueue.Entry> events, Instant sentAt, Segments out) {
        out.write(start, 0, start.length);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(COMMA, 0, 1);
            }
            byte[] json = events.get(i).json();
            out.write(json, 0, json.length);
        }
        byte[] end = ("],\"sent_at\":\"" + timestamp(sentAt) + "\"}").getBytes(StandardCharsets.US_ASCII);
        out.write(end, 0, end.length);
    }

    /** ISO-8601 UTC with exactly three fraction digits, as {@link AnalyticsEvent#isoTimestamp()}; once a batch. */
    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    // Events reaching a sink were validated: String, Boolean, integral numbers and Double only.
    private static void writeScalar(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String) {
            json.writeString((String) value);
        } else if (value instanceof Boolean) {
            json.writeBoolean((Boolean) value);
        } else if (value instanceof BigInteger) {
            json.writeNumber((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Number) {
            json.writeNumber(((Number) value).longValue());
        } else if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value.toString());
        }
    }

    private static byte[] jsonString(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 2);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
