package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;

class WireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAKE_KEY = "phc_test_not_a_real_key";

    private final WireFormat format = new WireFormat("0.1.0", false);

    @Test
    void anEventHasEveryFieldPostHogReadsWithOurPropertiesFirst() throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("turn_count", 3L);
        properties.put("latency_ms_p50", 5.0);
        properties.put("tokens_in", new BigInteger("18446744073709551617"));
        properties.put("engine", "ollama");
        properties.put("has_comment", true);
        AnalyticsEvent event = AnalyticsEvent.of(UUID.fromString("01a210e2-9eb0-78a9-91be-6d28da45505f"),
                "chat_session_ended", "anon-1", Instant.parse("2026-11-25T03:21:49.123456Z"), properties);

        JsonNode json = JSON.readTree(format.event(event));

        assertThat(fieldNames(json)).containsExactly("event", "distinct_id", "timestamp", "uuid", "properties");
        assertThat(json.get("event").textValue()).isEqualTo("chat_session_ended");
        assertThat(json.get("distinct_id").textValue()).isEqualTo("anon-1");
        assertThat(json.get("timestamp").textValue()).isEqualTo("2026-11-25T03:21:49.123Z");
        assertThat(json.get("uuid").textValue()).isEqualTo("01a210e2-9eb0-78a9-91be-6d28da45505f");
        JsonNode props = json.get("properties");
        assertThat(fieldNames(props)).containsExactly("turn_count", "latency_ms_p50", "tokens_in", "engine",
                "has_comment", "$lib", "$lib_version", "$geoip_disable", "$process_person_profile");
        assertThat(props.get("latency_ms_p50").isDouble()).isTrue();
        assertThat(props.get("tokens_in").bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551617"));
        assertThat(props.get("$lib").textValue()).isEqualTo("openjarvis-analytics-java");
        assertThat(props.get("$geoip_disable").booleanValue()).isTrue();
        assertThat(props.get("$process_person_profile").booleanValue()).isFalse();
        assertThat(JSON.readTree(new WireFormat("0.1.0", true).event(event)).get("properties")
                .get("$process_person_profile").booleanValue()).isTrue();
    }

    @Test
    void eachEventIsCompleteOnItsOwnAlthoughTheGeneratorIsReused() throws IOException {
        AnalyticsEvent first = event("first", Map.of("engine", "ollama"));
        AnalyticsEvent second = event("second", Map.of());
        Object unprintable = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("cannot print");
            }
        };

        byte[] one = format.event(first);
        byte[] two = format.event(second);
        Throwable failed = catchThrowable(() -> format.event(event("bad",
                Map.of("a", "x", "b", unprintable))));
        byte[] three = format.event(first);

        assertThat(failed).hasMessage("cannot print");
        assertThat(JSON.readTree(one).get("event").textValue()).isEqualTo("first");
        assertThat(JSON.readTree(two).get("event").textValue()).isEqualTo("second");
        assertThat(new String(two, StandardCharsets.UTF_8)).startsWith("{\"event\"").endsWith("}}");
        // After a failure half-way through an event, the next one does not carry its remains.
        assertThat(three).isEqualTo(one);
    }

    @Test
    void aBatchBodyCarriesTheKeyTheEventsAndAFreshSentAt() throws IOException {
        byte[] first = format.event(event("feature_used"));
        byte[] second = format.event(event("app_opened"));

        byte[] early = body(FAKE_KEY, List.of(first, second), Instant.parse("2026-11-25T00:00:00Z"));
        byte[] late = body(FAKE_KEY, List.of(first, second), Instant.parse("2026-11-25T00:00:05Z"));

        JsonNode body = JSON.readTree(early);
        assertThat(fieldNames(body)).containsExactly("api_key", "batch", "sent_at");
        assertThat(body.get("api_key").textValue()).isEqualTo(FAKE_KEY);
        assertThat(body.get("batch")).hasSize(2);
        assertThat(body.get("batch").get(1).get("event").textValue()).isEqualTo("app_opened");
        JsonNode retried = JSON.readTree(late);
        assertThat(retried.get("sent_at").textValue()).isEqualTo("2026-11-25T00:00:05.000Z")
                .isNotEqualTo(body.get("sent_at").textValue());
        assertThat(retried.get("batch").get(0).get("uuid")).isEqualTo(body.get("batch").get(0).get("uuid"));
    }

    @Test
    void keysWithQuotesAreEscapedAndGzipRoundTrips() throws IOException {
        byte[] body = body("a\"b\\c", List.of(), Instant.EPOCH);

        assertThat(JSON.readTree(body).get("api_key").textValue()).isEqualTo("a\"b\\c");
        try (GzipBody gzip = new GzipBody()) {
            int length = gzip.compress(out -> out.write(body, 0, body.length));
            assertThat(gunzip(Arrays.copyOf(gzip.buffer(), length))).isEqualTo(body);
        }
    }

    @Test
    void aReusedCompressorWritesWhatAFreshGzipStreamWritesBatchAfterBatchAlsoAfterOneThatFailedHalfWay()
            throws IOException {
        // Compressed, larger than the buffer the compressor starts with, so that it grows once.
        List<BatchQueue.Entry> large = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            large.add(entry(format.event(event("feature_used", Map.of("n", (long) i)))));
        }
        List<BatchQueue.Entry> small = List.of(entry(format.event(event("app_opened"))));
        byte[] start = WireFormat.batchStart(FAKE_KEY);
        Instant sentAt = Instant.parse("2026-11-25T00:00:05Z");

        try (GzipBody gzip = new GzipBody()) {
            for (List<BatchQueue.Entry> batch : List.of(small, large, small, List.<BatchQueue.Entry>of(), large)) {
                assertReusedIsFresh(gzip, start, batch, sentAt);
            }
            Throwable failed = catchThrowable(() -> gzip.compress(out -> {
                WireFormat.batch(start, large.subList(0, 1_000), sentAt, out);
                throw new IllegalStateException("failed half-way");
            }));
            assertThat(failed).hasMessage("failed half-way");
            assertReusedIsFresh(gzip, start, small, sentAt);
            assertReusedIsFresh(gzip, start, large, sentAt);
        }
    }

    @Test
    void aClosedCompressorHasFreedItsDeflaterAndCannotBeUsed() {
        GzipBody gzip = new GzipBody();
        gzip.compress(out -> out.write(new byte[] {'{', '}'}, 0, 2));

        gzip.close();

        assertThat(catchThrowable(() -> gzip.compress(out -> out.write(new byte[] {'{', '}'}, 0, 2))))
                .hasMessageContaining("closed");
    }

    private static void assertReusedIsFresh(GzipBody gzip, byte[] start, List<BatchQueue.Entry> batch,
            Instant sentAt) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        WireFormat.batch(start, batch, sentAt, body::write);
        ByteArrayOutputStream fresh = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(fresh) {
            {
                def.setLevel(GzipBody.LEVEL);
            }
        }) {
            out.write(body.toByteArray());
        }

        int length = gzip.compress(out -> WireFormat.batch(start, batch, sentAt, out));
        byte[] reused = Arrays.copyOf(gzip.buffer(), length); // after compressing: a growing buffer is replaced

        assertThat(reused).isEqualTo(fresh.toByteArray());
        assertThat(gunzip(reused)).isEqualTo(body.toByteArray());
    }

    @Test
    void anEventReadBackIsTheSameWithItsNumbersOfEveryKindAndWritesTheSameBytes() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("turn_count", 3L);
        properties.put("tokens_in", new BigInteger("18446744073709551617"));
        properties.put("latency_ms_p50", 5.0);
        properties.put("tiny", 1.0E-7);
        properties.put("huge", 1.5E300);
        properties.put("negative", -9_007_199_254_740_993L);
        properties.put("engine", "ollama \"quoted\" \u00e9\ud83d\ude00");
        properties.put("has_comment", false);
        AnalyticsEvent event = AnalyticsEvent.of(UUID.fromString("01a210e2-9eb0-78a9-91be-6d28da45505f"),
                "chat_session_ended", "anon-1", Instant.parse("2026-11-25T03:21:49.123Z"), properties);
        byte[] json = format.event(event);

        AnalyticsEvent read = format.read(json).orElseThrow();

        assertThat(read).isEqualTo(event);
        assertThat(read.properties()).containsExactlyEntriesOf(properties);
        assertThat(read.properties().get("turn_count")).isInstanceOf(Long.class);
        assertThat(read.properties().get("tokens_in")).isInstanceOf(BigInteger.class);
        assertThat(read.properties().get("latency_ms_p50")).isInstanceOf(Double.class);
        assertThat(format.event(read)).isEqualTo(json);
        // An int or a float, as a caller may have passed it, comes back as the long or double that was written.
        AnalyticsEvent narrow = event("feature_used", Map.of("a", 7, "b", 2.5f));
        assertThat(format.read(format.event(narrow)).orElseThrow().properties()).containsEntry("a", 7L)
                .containsEntry("b", 2.5);
    }

    @Test
    void onlyExactlyWhatThisFormatWritesIsReadBack() {
        String line = new String(format.event(event("feature_used", Map.of("feature_name", "voice"))),
                StandardCharsets.UTF_8);
        assertThat(format.read(line.getBytes(StandardCharsets.UTF_8))).isPresent();
        List<String> others = List.of(
                line.replace("{\"event\":", "{\"$set\":{},\"event\":"), // another top-level field
                line.replaceFirst("\"distinct_id\":\"anon\",", "") + "", // one missing
                line.replace("\"distinct_id\":\"anon\",\"timestamp\":\"1970-01-01T00:00:00.000Z\"",
                        "\"timestamp\":\"1970-01-01T00:00:00.000Z\",\"distinct_id\":\"anon\""), // reordered
                line.replace("\"feature_name\":\"voice\"", "\"feature_name\":\"voice\",\"feature_name\":\"x\""),
                line.replace("\"feature_name\":\"voice\"", "\"feature_name\":{\"email\":\"j@x.org\"}"),
                line.replace("\"feature_name\":\"voice\"", "\"feature_name\":[1]"),
                line.replace("\"feature_name\":\"voice\"", "\"feature_name\":null"),
                line.replace("\"feature_name\":\"voice\"", "\"feature_name\":" + "9".repeat(100_000)),
                line.replace("\"feature_name\":\"voice\"", "\"feature_name\":" + "[".repeat(100_000)),
                line.replace("\"feature_name\":\"voice\"", "\"feature_name\":\"voice\",\"$set\":\"x\""),
                line.replace(",\"$geoip_disable\":true", ""),
                line.replace("\"$geoip_disable\":true", "\"$geoip_disable\":false"),
                line.replace("\"$lib_version\":\"0.1.0\"", "\"$lib_version\":\"9.9.9\""),
                line.replace("\"$process_person_profile\":false", "\"$process_person_profile\":true"),
                line.replace(".000Z", ".000000Z"),
                line.replace(".000Z", "Z"),
                line.replaceFirst("\"uuid\":\"[^\"]*\"", "\"uuid\":\"1-1-1-1-1\""),
                line.replaceFirst("\"uuid\":\"[^\"]*\"", "\"uuid\":42"),
                line.replace("\"event\":\"feature_used\"", "\"event\":true"), // not a string
                line.replace("\"distinct_id\":\"anon\"", "\"distinct_id\":7"),
                line.replace("\"properties\":{", "\"props\":{"), // another name
                line + " {}",
                line.substring(0, line.length() - 1),
                "[" + line + "]",
                "not json");
        for (String other : others) {
            assertThat(format.read(other.getBytes(StandardCharsets.UTF_8))).as(other).isEmpty();
        }
        assertThat(new WireFormat("0.2.0", false).read(line.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(new WireFormat("0.1.0", true).read(line.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void theCatalogueIsSentAsDollarCatalogueAndReadBackAsTheEventsCatalogue() throws IOException {
        AnalyticsEvent event = AnalyticsEvent.of(UUID.fromString("01a210e2-9eb0-78a9-91be-6d28da45505f"),
                "order_placed", "anon", Instant.EPOCH, Map.of("items", 3L), "org.example.shop/2.1.0");
        byte[] json = format.event(event);

        JsonNode props = JSON.readTree(json).get("properties");
        assertThat(fieldNames(props)).containsExactly("items", "$catalogue", "$lib", "$lib_version",
                "$geoip_disable", "$process_person_profile");
        assertThat(props.get("$catalogue").textValue()).isEqualTo("org.example.shop/2.1.0");
        AnalyticsEvent read = format.read(json).orElseThrow();
        assertThat(read).isEqualTo(event);
        assertThat(read.catalogue()).contains("org.example.shop/2.1.0");
        assertThat(read.properties()).doesNotContainKey("$catalogue");
        assertThat(format.event(read)).isEqualTo(json);

        String line = new String(json, StandardCharsets.UTF_8);
        assertThat(format.read(line.replace("\"org.example.shop/2.1.0\"", "7").getBytes(StandardCharsets.UTF_8)))
                .as("a catalogue that is not a string").isEmpty();
        assertThat(format.read(line.replace("\"$catalogue\"", "\"$catalogue\":\"x\",\"$catalogue\"")
                .getBytes(StandardCharsets.UTF_8))).as("two of them").isEmpty();
    }

    @Test
    void aNullPropertyIsWrittenAsNullAndAnyOtherValueAsItsTextButNeitherIsReadBack() throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("rating", null);
        properties.put("feature_name", new StringBuilder("voice"));
        byte[] json = format.event(event("feature_used", properties));

        JsonNode written = JSON.readTree(json).get("properties");

        assertThat(written.get("rating").isNull()).isTrue();
        assertThat(written.get("feature_name").textValue()).isEqualTo("voice");
        assertThat(format.read(json)).as("a null is not a scalar property").isEmpty();
    }

    @Test
    void aBatchBodyIsValidJsonWhateverTheLengthOfTheKey() throws IOException {
        byte[] event = format.event(event("feature_used"));

        for (String key : new String[] {"", "k", FAKE_KEY}) {
            JsonNode body = JSON.readTree(body(key, List.of(event), Instant.EPOCH));
            assertThat(body.get("api_key").textValue()).isEqualTo(key);
            assertThat(body.get("batch")).hasSize(1);
        }
    }

    private static byte[] body(String key, List<byte[]> events, Instant sentAt) {
        List<BatchQueue.Entry> entries = new ArrayList<>();
        events.forEach(json -> entries.add(entry(json)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireFormat.batch(WireFormat.batchStart(key), entries, sentAt, out::write);
        return out.toByteArray();
    }

    private static BatchQueue.Entry entry(byte[] json) {
        return new BatchQueue.Entry(json);
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private static AnalyticsEvent event(String name) {
        return event(name, Map.of());
    }

    private static AnalyticsEvent event(String name, Map<String, ?> properties) {
        return AnalyticsEvent.of(UUID.randomUUID(), name, "anon", Instant.EPOCH, properties);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
