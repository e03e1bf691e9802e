package org.openjarvis.analytics.impl.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.impl.testing.OpenJarvisCatalogues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class StatusReportTest {

    private static final String ID = "0123456789abcdef-anon";

    private final SinkStatus file = SinkStatus.of("file", SinkStatus.Health.OK, "", orderedMap("enqueued", 3L,
            "written", 3L), new SinkStatus.Accounting(3, 0, 3, Map.of("overflow", 0L), 0));
    private final SinkStatus posthog = SinkStatus.of("posthog~cloud", SinkStatus.Health.DEGRADED,
            "HTTP 503, retrying", Map.of("enqueued", 5L), new SinkStatus.Accounting(5, 1, 2,
                    orderedMap("overflow", 1L, "unbound", 0L), 3));
    private final StatusReport report = StatusReport.of(AnalyticsStatus.of(true, null, ID, orderedMap("captured", 8L,
            "backlog", 0L), List.of(file, posthog)), OpenJarvisCatalogues.registry().catalogues(),
            orderedMap("bus_events_processed", 4L, "open_sessions", 1L));

    @Test
    void textIsTheStatusCommandsReport() {
        assertThat(report.text()).isEqualTo("""
                Analytics:    enabled
                Anonymous id: 01234567\u2026
                Catalogues:   1 catalogue, 17 events
                Counters:     captured=8 backlog=0
                Bridge:       bus_events_processed=4 open_sessions=1
                Sinks:        2
                  file  OK
                    accepted=3 delivered=3 dropped=0 pending=0
                    enqueued=3 written=3
                  posthog~cloud  DEGRADED  (HTTP 503, retrying)
                    accepted=5 recovered=1 delivered=2 dropped=1 (overflow=1) pending=3
                    enqueued=5""");
    }

    @Test
    void jsonHoldsTheSameFieldsAndOnlyTheMaskedId() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report.json());

        assertThat(json.get("enabled").asBoolean()).isTrue();
        assertThat(json.get("disabled_reason").isNull()).isTrue();
        assertThat(json.get("anonymous_id").asText()).isEqualTo("01234567\u2026");
        assertThat(json.get("catalogues").asInt()).isOne();
        assertThat(json.get("events").asInt()).isEqualTo(17);
        assertThat(json.get("counters").toString()).isEqualTo("{\"captured\":8,\"backlog\":0}");
        assertThat(json.get("bridge").toString()).isEqualTo("{\"bus_events_processed\":4,\"open_sessions\":1}");
        JsonNode degraded = json.get("sinks").get(1);
        assertThat(degraded.get("name").asText()).isEqualTo("posthog~cloud");
        assertThat(degraded.get("health").asText()).isEqualTo("DEGRADED");
        assertThat(degraded.get("detail").asText()).isEqualTo("HTTP 503, retrying");
        assertThat(degraded.get("accounting").toString()).isEqualTo("{\"accepted\":5,\"recovered\":1,\"delivered\":2,"
                + "\"dropped\":1,\"dropped_by_reason\":{\"overflow\":1,\"unbound\":0},\"pending\":3,"
                + "\"balanced\":true}");
        assertThat(degraded.get("counters").toString()).isEqualTo("{\"enqueued\":5}");
        assertThat(report.json()).doesNotContain(ID);
    }

    @Test
    void whileOffBothFormsSayWhyAndASinkWithoutAccountingHasNone() throws Exception {
        StatusReport off = StatusReport.of(AnalyticsStatus.of(false, "environment DO_NOT_TRACK", null, Map.of(),
                List.of(SinkStatus.healthy("custom"))), List.of(), Map.of());

        assertThat(off.text()).startsWith("Analytics:    disabled (environment DO_NOT_TRACK)\nAnonymous id: (none)\n"
                + "Catalogues:   0 catalogues, 0 events");
        JsonNode json = new ObjectMapper().readTree(off.json());
        assertThat(json.get("disabled_reason").asText()).isEqualTo("environment DO_NOT_TRACK");
        assertThat(json.get("anonymous_id").isNull()).isTrue();
        assertThat(json.get("sinks").get(0).has("accounting")).isFalse();
    }

    private static Map<String, Long> orderedMap(String key1, long value1, String key2, long value2) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put(key1, value1);
        map.put(key2, value2);
        return map;
    }
}
