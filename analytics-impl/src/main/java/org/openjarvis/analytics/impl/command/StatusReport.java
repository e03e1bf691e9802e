package org.openjarvis.analytics.impl.command;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.impl.catalogue.Catalogue;
import org.openjarvis.analytics.impl.service.AnonymousIds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The report of {@code analytics:status}, as the command's text and as JSON (the Felix Inventory printer offers
 * both): one snapshot, the same fields in both forms, the anonymous id masked in both.
 */
public final class StatusReport {

    private static final JsonFactory JSON = new JsonFactory();

    private final AnalyticsStatus status;
    private final List<Catalogue> catalogues;
    private final Map<String, Long> bridge;

    private StatusReport(AnalyticsStatus status, List<Catalogue> catalogues, Map<String, Long> bridge) {
        this.status = status;
        this.catalogues = List.copyOf(catalogues);
        this.bridge = Collections.unmodifiableMap(new LinkedHashMap<>(bridge));
    }

    /** A report of the service's status, the catalogues in use and the bridge's counters (in display order). */
    public static StatusReport of(AnalyticsStatus status, List<Catalogue> catalogues, Map<String, Long> bridge) {
        return new StatusReport(status, catalogues, bridge);
    }

    /** The text {@code analytics:status} prints. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("Analytics:    ").append(status.enabled() ? "enabled"
                : "disabled (" + status.disabledReason().orElse("unknown reason") + ")").append('\n');
        out.append("Anonymous id: ").append(status.anonymousId().map(AnonymousIds::mask).orElse("(none)"))
                .append('\n');
        out.append("Catalogues:   ").append(CatalogueReport.summary(catalogues)).append('\n');
        out.append("Counters:     ").append(format(status.counters())).append('\n');
        out.append("Bridge:       ").append(format(bridge)).append('\n');
        out.append("Sinks:        ").append(status.sinks().isEmpty() ? "(none bound; events wait in the backlog)"
                : status.sinks().size()).append('\n');
        for (SinkStatus sink : status.sinks()) {
            out.append("  ").append(sink.name()).append("  ").append(sink.health());
            if (!sink.detail().isEmpty()) {
                out.append("  (").append(sink.detail()).append(')');
            }
            sink.accounting().ifPresent(accounting -> out.append("\n    ").append(format(accounting)));
            out.append("\n    ").append(format(sink.counters())).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /**
     * The same report as one JSON object: {@code enabled}, {@code disabled_reason} (null while enabled),
     * {@code anonymous_id} (masked, or null), {@code catalogues} and {@code events} (counts), {@code counters},
     * {@code bridge}, and {@code sinks}, each with {@code name}, {@code health}, {@code detail}, {@code accounting}
     * (if the sink keeps one) and {@code counters}.
     */
    public String json() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeBooleanField("enabled", status.enabled());
            json.writeStringField("disabled_reason", status.disabledReason().orElse(null));
            json.writeStringField("anonymous_id", status.anonymousId().map(AnonymousIds::mask).orElse(null));
            json.writeNumberField("catalogues", catalogues.size());
            json.writeNumberField("events", CatalogueReport.events(catalogues));
            writeCounters(json, "counters", status.counters());
            writeCounters(json, "bridge", bridge);
            json.writeArrayFieldStart("sinks");
            for (SinkStatus sink : status.sinks()) {
                json.writeStartObject();
                json.writeStringField("name", sink.name());
                json.writeStringField("health", sink.health().name());
                json.writeStringField("detail", sink.detail());
                if (sink.accounting().isPresent()) {
                    writeAccounting(json, sink.accounting().get());
                }
                writeCounters(json, "counters", sink.counters());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            // Only a StringWriter is written to, so this cannot happen.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeAccounting(JsonGenerator json, SinkStatus.Accounting accounting) throws IOException {
        json.writeObjectFieldStart("accounting");
        json.writeNumberField("accepted", accounting.accepted());
        json.writeNumberField("recovered", accounting.recovered());
        json.writeNumberField("delivered", accounting.delivered());
        json.writeNumberField("dropped", accounting.droppedTotal());
        writeCounters(json, "dropped_by_reason", accounting.dropped());
        json.writeNumberField("pending", accounting.pending());
        json.writeBooleanField("balanced", accounting.balanced());
        json.writeEndObject();
    }

    private static void writeCounters(JsonGenerator json, String field, Map<String, Long> counters)
            throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            json.writeNumberField(counter.getKey(), counter.getValue());
        }
        json.writeEndObject();
    }

    // accepted=10 delivered=7 dropped=2 (queue_full=2) pending=1 ok: the invariant, stated on one line.
    private static String format(SinkStatus.Accounting accounting) {
        StringJoiner reasons = new StringJoiner(" ", " (", ")").setEmptyValue("");
        accounting.dropped().forEach((reason, count) -> {
            if (count != 0) {
                reasons.add(reason + "=" + count);
            }
        });
        return "accepted=" + accounting.accepted() + (accounting.recovered() == 0 ? ""
                : " recovered=" + accounting.recovered()) + " delivered=" + accounting.delivered() + " dropped="
                + accounting.droppedTotal() + reasons + " pending=" + accounting.pending()
                + (accounting.balanced() ? "" : " (not balanced: events are in motion)");
    }

    private static String format(Map<String, Long> counters) {
        StringJoiner joined = new StringJoiner(" ");
        counters.forEach((name, value) -> joined.add(name + "=" + value));
        return joined.toString();
    }
}
