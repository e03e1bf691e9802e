package org.openjarvis.analytics.impl.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsEvent;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * Serialises an {@link AnalyticsEvent} as one JSON object on one line, in the shape of an element of a PostHog
 * {@code /batch} request, keys in this order:
 *
 * <pre>
 * {"event":"tool_called","distinct_id":"…","timestamp":"2026-11-25T03:21:49.123Z","uuid":"…","properties":{…}}
 * </pre>
 *
 * The properties end with {@code $catalogue}, the catalogue the event was validated against, as PostHog receives it.
 * A PostHog sink then adds four properties to every event, which this line does not show: {@code $lib},
 * {@code $lib_version}, {@code $geoip_disable} (always true) and {@code $process_person_profile}; everything else
 * is what it sends, escaping aside (see the rules below).
 *
 * Uses jackson-core's streaming generator only (no databind). Rules:
 * <ul>
 * <li>{@code timestamp} is UTC with exactly three fraction digits (sub-millisecond digits are truncated).</li>
 * <li>Property order is kept. {@code Integer}/{@code Long}/{@code BigInteger} become JSON integers of any size;
 * {@code Double} becomes a JSON float as {@link Double#toString(double)} prints it, so {@code 5.0} stays
 * {@code 5.0} and {@code -0.0} stays {@code -0.0}.</li>
 * <li>Non-finite doubles: jackson-core's default ({@link JsonWriteFeature#WRITE_NAN_AS_STRINGS}, enabled by
 * default and enabled explicitly here) writes them as the JSON <em>strings</em> {@code "Infinity"},
 * {@code "-Infinity"} and {@code "NaN"}, so the line stays valid JSON (unlike Python's {@code json.dumps}, which
 * writes the bare, invalid token {@code Infinity}).</li>
 * <li>Strings: control characters are escaped as JSON requires. jackson-core writes U+0085, U+2028 and U+2029 raw
 * by default (legal in JSON, but line breaks for Python's {@code str.splitlines()}, many editors and JavaScript
 * before ES2019), so they are escaped as <code>&#92;u2028</code> etc. here: a line of this file is always exactly one
 * event. Characters outside the BMP are written as real 4-byte UTF-8 (jackson-core's default would write them as
 * two <code>&#92;uD8xx</code> escapes); a lone surrogate, which UTF-8 cannot encode, is written as a
 * <code>&#92;uD8xx</code> escape.</li>
 * </ul>
 */
public final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .characterEscapes(new LineSafeEscapes())
            .build();


    private static final byte NEWLINE = '\n';

    private EventJson() {
    }

    /** The event as one line of UTF-8 JSON, including the trailing {@code \n}. */
    public static byte[] toLine(AnalyticsEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(event, out);
        out.write(NEWLINE);
        return out.toByteArray();
    }

    /** The event as one JSON object, without a line terminator (as shown by {@code analytics:tail}). */
    public static String toJson(AnalyticsEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(AnalyticsEvent event, ByteArrayOutputStream out) {
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("event", event.name());
            json.writeStringField("distinct_id", event.distinctId());
            json.writeStringField("timestamp", event.isoTimestamp());
            json.writeStringField("uuid", event.uuid().toString());
            json.writeObjectFieldStart("properties");
            for (Map.Entry<String, Object> property : event.properties().entrySet()) {
                json.writeFieldName(property.getKey());
                writeValue(json, property.getValue());
            }
            if (event.catalogue().isPresent()) {
                json.writeStringField("$catalogue", event.catalogue().get());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            // Only a ByteArrayOutputStream is written to, so this cannot happen.
            throw new UncheckedIOException(e);
        }
    }

    // Validated events only hold String, Boolean, Integer, Long, BigInteger and Double. The other branches keep this
    // method total, so the log never loses an event to a type it did not expect.
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String) {
            json.writeString((String) value);
        } else if (value instanceof Boolean) {
            json.writeBoolean((Boolean) value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            json.writeNumber((BigInteger) value);
        } else if (value instanceof Double) {
            json.writeNumber((double) (Double) value);
        } else if (value instanceof Float) {
            json.writeNumber((float) (Float) value);
        } else if (value instanceof BigDecimal) {
            json.writeNumber((BigDecimal) value);
        } else {
            json.writeString(String.valueOf(value));
        }
    }

    /** JSON's standard escapes, plus the three non-ASCII characters that Unicode treats as line terminators. */
    private static final class LineSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializableString NEL = new SerializedString("\\u0085");
        private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            switch (ch) {
                case 0x85:
                    return NEL;
                case 0x2028:
                    return LINE_SEPARATOR;
                case 0x2029:
                    return PARAGRAPH_SEPARATOR;
                default:
                    return null;
            }
        }
    }
}
