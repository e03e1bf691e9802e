package org.openjarvis.analytics.impl.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The catalogue table of docs/openjarvis-catalogue.md is generated from the catalogue file the implementation
 * ships: this test writes it and fails, printing the table to paste, when the two differ.
 */
class CatalogueDocumentationTest {

    private static final String BEGIN = "<!-- catalogue: generated from " + EventCatalogue.RESOURCE + " -->";
    private static final String END = "<!-- catalogue: end -->";

    @Test
    void theCataloguePagesTableIsTheOneTheCatalogueFileGives() throws IOException {
        String page = Files.readString(projectRoot().resolve("docs").resolve("openjarvis-catalogue.md"));
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertThat(begin).as("docs/openjarvis-catalogue.md marks its table with %s", BEGIN).isNotNegative();
        assertThat(end).as("and %s", END).isGreaterThan(begin);

        String documented = page.substring(begin + BEGIN.length(), end).strip();

        assertThat(documented).as("docs/openjarvis-catalogue.md's table; regenerate it from the expected text")
                .isEqualTo(table());
    }

    // The table, then the definitions that the table names.
    private static String table() throws IOException {
        JsonNode document;
        try (InputStream in = EventCatalogue.class.getClassLoader().getResourceAsStream(EventCatalogue.RESOURCE)) {
            document = new ObjectMapper().readTree(in);
        }
        Map<String, EventSpec> compiled = EventCatalogue.load(new CatalogueOrigin(0, "doc", "0", "doc")).events();
        StringBuilder table = new StringBuilder("| event | properties |\n|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> events = document.get("events").fields(); events.hasNext();) {
            Map.Entry<String, JsonNode> event = events.next();
            List<String> properties = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = event.getValue().get("properties").fields();
                    it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode ref = property.getValue().get("$ref");
                String rule = ref == null
                        ? compiled.get(event.getKey()).properties().get(property.getKey()).describe()
                        : ref.textValue().substring("#/$defs/".length());
                properties.add("`" + property.getKey() + "` (" + rule + ")");
            }
            table.append("| `").append(event.getKey()).append("` | ").append(String.join(", ", properties))
                    .append(" |\n");
        }
        table.append("\nDefinitions:\n\n");
        for (Iterator<String> names = document.get("$defs").fieldNames(); names.hasNext();) {
            String name = names.next();
            table.append("- `").append(name).append("`: ").append(definition(name)).append('\n');
        }
        return table.toString().strip();
    }

    // A definition's rule in words, compiled from a one-event catalogue that uses it.
    private static String definition(String name) throws IOException {
        String json = "{\"$defs\": " + new ObjectMapper().readTree(EventCatalogue.class.getClassLoader()
                .getResourceAsStream(EventCatalogue.RESOURCE)).get("$defs") + ", \"events\": {\"e\": {\"type\": "
                + "\"object\", \"properties\": {\"p\": {\"$ref\": \"#/$defs/" + name + "\"}}}}}";
        try {
            return SchemaCompiler.compile(new CatalogueOrigin(0, "doc", "0", "doc"),
                    json.getBytes(StandardCharsets.UTF_8)).events().get("e").properties().get("p").describe();
        } catch (CatalogueException e) {
            throw new AssertionError(e);
        }
    }

    private static Path projectRoot() {
        String root = System.getProperty("conformance.root");
        return root == null || root.isBlank() ? Path.of("..") : Path.of(root);
    }
}
