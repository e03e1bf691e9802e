package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.impl.file.EventJson;

/**
 * The file sink's documentation (SECURITY.md, docs/configuration.md, the file sink's javadoc) says a line is the
 * event as the PostHog sink sends it, without exactly four {@code $} properties. This test holds it to that.
 */
class FileLineMatchesWireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ADDED_BY_POSTHOG =
            List.of("$lib", "$lib_version", "$geoip_disable", "$process_person_profile");

    @Test
    void aFileLineIsThePostHogEventWithoutTheFourPropertiesThePostHogSinkAdds() throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("turn_count", 3L);
        properties.put("tokens_in", new BigInteger("18446744073709551617"));
        properties.put("latency_ms_p50", 5.25);
        properties.put("has_comment", false);
        properties.put("setting_key", "line\u2028separator\u2029and\u0085next \"quoted\" \\ \u00e9\u4e2d\ud83d\ude00");
        AnalyticsEvent catalogued = AnalyticsEvent.of(UUID.fromString("01a210e2-9eb0-78a9-91be-6d28da45505f"),
                "chat_session_ended", "2b4e2a8c-1f0e-4a43-9d1c-6f5a0c9b7e21",
                Instant.parse("2026-11-25T03:21:49.123456Z"), properties, "org.example.app/1.2.0");
        AnalyticsEvent plain = AnalyticsEvent.of(UUID.fromString("01a210e2-9eb0-78a9-91be-6d28da45505e"),
                "app_opened", "anon-1", Instant.parse("2026-11-25T03:21:49Z"), Map.of());

        for (AnalyticsEvent event : List.of(catalogued, plain)) {
            for (boolean personProfile : new boolean[] {false, true}) {
                JsonNode sent = JSON.readTree(new WireFormat("0.1.0", personProfile).event(event));
                byte[] line = EventJson.toLine(event);
                JsonNode written = JSON.readTree(line);

                ObjectNode sentProperties = (ObjectNode) sent.get("properties");
                for (String added : ADDED_BY_POSTHOG) {
                    assertThat(sentProperties.remove(added)).as("%s sent by the PostHog sink", added).isNotNull();
                }
                assertThat(written).as("the file line of %s", event.name()).isEqualTo(sent);
                assertThat(new String(line, StandardCharsets.UTF_8))
                        .as("one line per event: the separators are escaped")
                        .doesNotContain("\u2028", "\u2029", "\u0085")
                        .endsWith("}\n").containsOnlyOnce("\n");
            }
        }
    }
}
