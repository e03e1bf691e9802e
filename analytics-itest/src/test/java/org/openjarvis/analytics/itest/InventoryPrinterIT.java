package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.CaptureResult;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * With Felix Inventory installed (this framework has it), the implementation bundle's optional import is wired and
 * its status printer is a service, as the web console's Status tab and Karaf's {@code inventory} find it: it prints
 * exactly what {@code analytics:status} prints, and the same numbers as JSON.
 */
class InventoryPrinterIT extends AnalyticsTestSupport {

    private static final String COMMANDS = "org.openjarvis.analytics.impl.command.AnalyticsCommands";

    @Test
    void thePrinterPrintsTheStatusCommandsReportAsTextAndJson() throws Exception {
        // The service's counters run for the framework's life: earlier tests counted too.
        long captured = analytics().status().counters().get("captured") + 3;
        RecordingSink sink = register(new RecordingSink(), "recording");
        for (int i = 0; i < 3; i++) {
            assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                    .isEqualTo(CaptureResult.ACCEPTED);
        }
        await(() -> sink.events().size() == 3, "the 3 events at the sink");
        await(() -> sinkStatus("recording").flatMap(s -> s.accounting()).map(a -> a.delivered() == 3)
                .orElse(false), "the 3 deliveries counted");
        awaitSinksSettled(); // the file sink too: the report shows every sink

        ServiceReference<InventoryPrinter> reference = printer();
        assertThat(reference.getProperty(InventoryPrinter.TITLE)).isEqualTo("OpenJarvis Analytics");
        assertThat((String[]) reference.getProperty(InventoryPrinter.FORMAT)).containsExactly("TEXT", "JSON");
        InventoryPrinter printer = context.getService(reference);
        try {
            String text = print(printer, Format.TEXT);
            assertThat(text.strip()).isEqualTo(statusCommand()).contains("Analytics:    enabled")
                    .contains("captured=" + captured + " ").contains("recording  OK");

            JsonNode json = new ObjectMapper().readTree(print(printer, Format.JSON));
            assertThat(json.get("enabled").asBoolean()).isTrue();
            assertThat(json.get("counters").get("captured").asLong()).isEqualTo(captured);
            assertThat(json.get("anonymous_id").asText()).endsWith("\u2026")
                    .isEqualTo(analytics().status().anonymousId().orElseThrow().substring(0, 8) + "\u2026");
            JsonNode recording = null;
            for (JsonNode each : json.get("sinks")) {
                if (each.get("name").asText().equals("recording")) {
                    recording = each;
                }
            }
            assertThat(recording).as("the recording sink in %s", json).isNotNull();
            assertThat(recording.get("health").asText()).isEqualTo("OK");
            assertThat(recording.get("accounting").get("delivered").asLong()).isEqualTo(3);
        } finally {
            context.ungetService(reference);
        }
    }

    private ServiceReference<InventoryPrinter> printer() throws Exception {
        String filter = "(" + InventoryPrinter.NAME + "=openjarvis-analytics)";
        await(() -> references(filter) != null, "the status printer service");
        return references(filter);
    }

    private ServiceReference<InventoryPrinter> references(String filter) {
        try {
            return context.getServiceReferences(InventoryPrinter.class, filter).stream().findFirst().orElse(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String print(InventoryPrinter printer, Format format) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            printer.print(writer, format, false);
        }
        return out.toString();
    }

    /** What {@code analytics:status} returns, through its service from the private command package. */
    private String statusCommand() throws Exception {
        ServiceReference<?> reference = context.getAllServiceReferences(COMMANDS, null)[0];
        Object commands = context.getService(reference);
        try {
            return (String) reference.getBundle().loadClass(COMMANDS).getMethod("status", String[].class)
                    .invoke(commands, (Object) new String[0]);
        } finally {
            context.ungetService(reference);
        }
    }
}
