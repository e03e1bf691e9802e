package org.openjarvis.analytics.posthog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The content of a spool file: one event's JSON per line, each line ending in {@code \n}. Reading it back checks
 * that every line is one JSON object with a {@code uuid} string, so that a file this sink did not write is never
 * sent.
 */
final class SpoolLine {

    private static final JsonFactory JSON = new JsonFactory();

    private SpoolLine() {
    }

    /** The batch as the lines of a spool file. */
    static byte[] lines(List<BatchQueue.Entry> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BatchQueue.Entry entry : batch) {
            out.writeBytes(entry.json());
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The events of a spool file's content; at least one, or the file is corrupt. */
    static List<BatchQueue.Entry> parse(byte[] content) throws CorruptSpoolFileException {
        List<BatchQueue.Entry> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                byte[] json = Arrays.copyOfRange(content, start, i);
                checkEvent(json);
                entries.add(new BatchQueue.Entry(json));
                start = i + 1;
            }
        }
        if (start != content.length || entries.isEmpty()) {
            throw new CorruptSpoolFileException("truncated or empty");
        }
        return entries;
    }

    // Checks that the line is one JSON object with a "uuid" string.
    private static void checkEvent(byte[] json) throws CorruptSpoolFileException {
        try (JsonParser parser = JSON.createParser(json)) {
            boolean hasUuid = false;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptSpoolFileException("a line is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("uuid".equals(field) && value == JsonToken.VALUE_STRING) {
                    hasUuid = true;
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || !hasUuid) {
                throw new CorruptSpoolFileException("a line is not a PostHog event");
            }
        } catch (JsonProcessingException e) {
            throw new CorruptSpoolFileException("invalid JSON: " + e.getOriginalMessage());
        } catch (CorruptSpoolFileException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptSpoolFileException("unreadable JSON: " + e.getMessage());
        }
    }
}
