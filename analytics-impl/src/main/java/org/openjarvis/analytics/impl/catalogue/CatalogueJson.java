package org.openjarvis.analytics.impl.catalogue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a catalogue file's JSON into plain values: {@code LinkedHashMap} (keys in document order), {@code ArrayList},
 * {@code String}, {@code Boolean}, {@code null}, and numbers as {@code Long}, {@code BigInteger} or {@code BigDecimal}
 * (so that a bound is compared exactly). A duplicate key, trailing content or nesting deeper than
 * {@value #MAX_DEPTH} is an error: a catalogue is a small, shallow document, and anything else is a mistake.
 */
final class CatalogueJson {

    /** Largest catalogue file read, in bytes. The OpenJarvis catalogue is about 8 KiB. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Deepest nesting a catalogue needs is 6 (document, events, event, properties, property, enum). */
    static final int MAX_DEPTH = 8;

    private static final JsonFactory FACTORY = new JsonFactory();

    private CatalogueJson() {
    }

    /** The document in {@code json}, or a one-line reason why it is not one. */
    static Object read(byte[] json) throws CatalogueException {
        if (json.length > MAX_BYTES) {
            throw new CatalogueException("the file has " + json.length + " bytes; at most " + MAX_BYTES
                    + " are read");
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new CatalogueException("the file is empty");
            }
            Object document = value(parser, first, 1);
            if (parser.nextToken() != null) {
                throw new CatalogueException("content after the JSON document at line "
                        + parser.currentLocation().getLineNr());
            }
            return document;
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote part of the file, so it is made printable and cut short.
            throw new CatalogueException("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + Printable.text(e.getOriginalMessage(), 200));
        } catch (IOException e) {
            throw new CatalogueException("cannot be read: " + e.getMessage());
        }
    }

    private static Object value(JsonParser parser, JsonToken token, int depth) throws IOException,
            CatalogueException {
        switch (token) {
            case START_OBJECT:
                return object(parser, depth);
            case START_ARRAY:
                return array(parser, depth);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null; // VALUE_NULL: the only other token that starts a value
        }
    }

    private static Map<String, Object> object(JsonParser parser, int depth) throws IOException, CatalogueException {
        requireDepth(parser, depth);
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            Object value = value(parser, parser.nextToken(), depth + 1);
            if (object.containsKey(key)) {
                throw new CatalogueException("the key \"" + key + "\" appears twice in one object at line "
                        + parser.currentLocation().getLineNr());
            }
            object.put(key, value);
        }
        return object;
    }

    private static List<Object> array(JsonParser parser, int depth) throws IOException, CatalogueException {
        requireDepth(parser, depth);
        List<Object> array = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token, depth + 1));
        }
        return array;
    }

    private static void requireDepth(JsonParser parser, int depth) throws CatalogueException {
        if (depth > MAX_DEPTH) {
            throw new CatalogueException("nested deeper than " + MAX_DEPTH + " levels at line "
                    + parser.currentLocation().getLineNr());
        }
    }
}
