package org.openjarvis.analytics.impl.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openjarvis.analytics.impl.file.TestEvents.DISTINCT_ID;
import static org.openjarvis.analytics.impl.file.TestEvents.event;
import static org.openjarvis.analytics.impl.file.TestEvents.props;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class EventJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesThePostHogBatchElementShapeExactly() throws IOException {
        AnalyticsEvent event = event("chat_session_ended", props(
                "model", "llama3.1:8b",
                "ok", true,
                "turns", 3,
                "tokens", 4_000_000_000L,
                "big", new BigInteger("123456789012345678901234567890"),
                "five", 5.0,
                "int_five", 5,
                "negative_zero", -0.0,
                "tenth", 0.1,
                "huge", 1e300));

        String line = new String(EventJson.toLine(event), StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("{\"event\":\"chat_session_ended\",\"distinct_id\":\"" + DISTINCT_ID + "\","
                + "\"timestamp\":\"2026-11-25T03:21:49.123Z\",\"uuid\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\","
                + "\"properties\":{\"model\":\"llama3.1:8b\",\"ok\":true,\"turns\":3,\"tokens\":4000000000,"
                + "\"big\":123456789012345678901234567890,\"five\":5.0,\"int_five\":5,\"negative_zero\":-0.0,"
                + "\"tenth\":0.1,\"huge\":1.0E300}}\n");

        JsonNode parsed = MAPPER.readTree(line);
        assertThat(fieldNames(parsed)).containsExactly("event", "distinct_id", "timestamp", "uuid", "properties");
        JsonNode properties = parsed.get("properties");
        assertThat(fieldNames(properties)).containsExactly("model", "ok", "turns", "tokens", "big", "five",
                "int_five", "negative_zero", "tenth", "huge");
        assertThat(properties.get("turns").isIntegralNumber()).isTrue();
        assertThat(properties.get("tokens").longValue()).isEqualTo(4_000_000_000L);
        assertThat(properties.get("big").isBigInteger()).isTrue();
        assertThat(properties.get("big").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(properties.get("five").isDouble()).isTrue();
        assertThat(properties.get("int_five").isInt()).isTrue();
        assertThat(Double.doubleToRawLongBits(properties.get("negative_zero").doubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(properties.get("tenth").doubleValue()).isEqualTo(0.1);
        assertThat(properties.get("huge").doubleValue()).isEqualTo(1e300);
    }

    @Test
    void theCatalogueEndsThePropertiesAsPostHogReceivesIt() throws IOException {
        AnalyticsEvent event = AnalyticsEvent.of(java.util.UUID.fromString("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
                "order_placed", DISTINCT_ID, java.time.Instant.EPOCH, props("items", 3), "org.example.shop/2.1.0");

        JsonNode properties = MAPPER.readTree(EventJson.toLine(event)).get("properties");

        assertThat(fieldNames(properties)).containsExactly("items", "$catalogue");
        assertThat(properties.get("$catalogue").textValue()).isEqualTo("org.example.shop/2.1.0");
    }

    @Test
    void emptyPropertiesAreAnEmptyObject() {
        String line = new String(EventJson.toLine(event("first_chat", Map.of())), StandardCharsets.UTF_8);

        assertThat(line).endsWith(",\"properties\":{}}\n");
    }

    @Test
    void unicodeSurvivesAndNoStringCanBreakTheLine() throws IOException {
        String astral = "emoji \uD83D\uDE00 and \uD835\uDD38";
        String separators = "a\u2028b\u2029c\u0085d";
        String controls = "line\nbreak\r\ttab \u0000 \u001f \"quoted\" back\\slash /";
        String loneSurrogate = "x\uD800y";
        String accents = "Grüße, 日本語";
        AnalyticsEvent event = event("error_shown_to_user", props("astral", astral, "separators", separators,
                "controls", controls, "lone", loneSurrogate, "accents", accents, "key\u2028with separator", 1));

        byte[] bytes = EventJson.toLine(event);
        String line = new String(bytes, StandardCharsets.UTF_8);

        // Exactly one line, whatever definition of "line" a reader uses.
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\r", "\u2028", "\u2029", "\u0085");
        assertThat(line.substring(0, line.length() - 1).lines()).hasSize(1);
        assertThat(line).contains("\"a\\u2028b\\u2029c\\u0085d\"");
        // Astral characters are real UTF-8 (4 bytes), not escaped surrogate pairs.
        assertThat(line).contains("emoji \uD83D\uDE00 and \uD835\uDD38");
        assertThat(bytes).containsSubsequence(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80});
        assertThat(line).contains("Grüße, 日本語");
        // A lone surrogate cannot be UTF-8; it is escaped, and the line stays valid JSON.
        assertThat(line).contains("\"x\\uD800y\"");

        JsonNode properties = MAPPER.readTree(bytes).get("properties");
        assertThat(properties.get("astral").textValue()).isEqualTo(astral);
        assertThat(properties.get("separators").textValue()).isEqualTo(separators);
        assertThat(properties.get("controls").textValue()).isEqualTo(controls);
        assertThat(properties.get("lone").textValue()).isEqualTo(loneSurrogate);
        assertThat(properties.get("accents").textValue()).isEqualTo(accents);
        assertThat(fieldNames(properties)).contains("key\u2028with separator");
    }

    @Test
    void nonFiniteDoublesBecomeStringsSoTheLineStaysValidJson() throws IOException {
        AnalyticsEvent event = event("model_loaded", props("inf", Double.POSITIVE_INFINITY,
                "ninf", Double.NEGATIVE_INFINITY, "nan", Double.NaN));

        String line = new String(EventJson.toLine(event), StandardCharsets.UTF_8);

        assertThat(line).contains("\"properties\":{\"inf\":\"Infinity\",\"ninf\":\"-Infinity\",\"nan\":\"NaN\"}");
        JsonNode properties = MAPPER.readTree(line).get("properties");
        assertThat(properties.get("inf").isTextual()).isTrue();
    }

    @Test
    void nameAndDistinctIdAreEscapedToo() throws IOException {
        AnalyticsEvent event = AnalyticsEvent.of(TestEvents.UUID_1, "name\"with\u2028odd", "id\nwith newline",
                TestEvents.TIME, Map.of());

        String line = new String(EventJson.toLine(event), StandardCharsets.UTF_8);

        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        JsonNode parsed = MAPPER.readTree(line);
        assertThat(parsed.get("event").textValue()).isEqualTo("name\"with\u2028odd");
        assertThat(parsed.get("distinct_id").textValue()).isEqualTo("id\nwith newline");
    }

    @Test
    void toJsonIsTheLineWithoutItsTerminator() {
        AnalyticsEvent event = event("tool_called", props("tool", "calculator \uD83D\uDE00"));

        assertThat(EventJson.toJson(event) + "\n")
                .isEqualTo(new String(EventJson.toLine(event), StandardCharsets.UTF_8));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
