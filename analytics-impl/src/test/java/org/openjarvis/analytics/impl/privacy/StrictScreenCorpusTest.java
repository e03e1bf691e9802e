package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.impl.catalogue.PropertyValidator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Recall and false positives of the whole path a free-text value takes in strict mode (the reference's redaction,
 * the catalogue's length check, the strict screen), measured on {@code privacy/strict-screen-corpus.json}: values
 * of personal data and secrets that must be refused, and values real applications send that must be kept. The
 * figures and every miss go to {@code target/strict-screen-corpus.txt}; the README quotes them.
 *
 * <p>Two more corpora were each written later by someone who had not read the screen, and first measured before
 * any change made in their light: {@code privacy/strict-screen-holdout.json} (95.5% of PII refused, 87.6% of
 * real values kept) and {@code privacy/strict-screen-holdout-3.json} (96.4% and 96.9%; the reference's patterns
 * alone keep 97.8% of its real values, so most of what it refuses the reference refuses first). The screen has
 * been changed since in their light, so they are held out no longer: their bounds are what it reaches today, to
 * keep it from getting worse.
 */
class StrictScreenCorpusTest {

    private static final double MIN_RECALL = 0.97;
    private static final double MIN_KEPT = 0.98;

    private static List<Entry> pii;
    private static List<Entry> legitimate;

    private record Entry(String category, String value) {
    }

    @BeforeAll
    static void load() throws IOException {
        JsonNode corpus = read("/privacy/strict-screen-corpus.json");
        pii = entries(corpus.get("pii"));
        legitimate = entries(corpus.get("legitimate"));
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = StrictScreenCorpusTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void corpusIsLargeEnoughToMeasure() {
        assertThat(pii).hasSizeGreaterThanOrEqualTo(300);
        assertThat(legitimate).hasSizeGreaterThanOrEqualTo(300);
    }

    @Test
    void theSecondCorpusStaysWhereTheScreenIsToday() throws IOException {
        assertFigures("/privacy/strict-screen-holdout.json", 0.92, 0.96);
    }

    @Test
    void theThirdCorpusStaysWhereTheScreenIsToday() throws IOException {
        assertFigures("/privacy/strict-screen-holdout-3.json", 0.99, 0.97);
    }

    private static void assertFigures(String resource, double minRecall, double minKept) throws IOException {
        JsonNode corpus = read(resource);
        List<Entry> secondPii = entries(corpus.get("pii"));
        List<Entry> secondLegitimate = entries(corpus.get("legitimate"));
        double recall = secondPii.stream().filter(entry -> strictPathRefuses(entry.value())).count()
                / (double) secondPii.size();
        double kept = secondLegitimate.stream().filter(entry -> !strictPathRefuses(entry.value())).count()
                / (double) secondLegitimate.size();
        assertThat(recall).as("share of PII refused in %s", resource).isGreaterThanOrEqualTo(minRecall);
        assertThat(kept).as("share of real values kept in %s", resource).isGreaterThanOrEqualTo(minKept);
    }

    @Test
    void refusesPersonalDataAndKeepsRealValues() throws IOException {
        List<Entry> missed = new ArrayList<>();
        Map<String, int[]> byCategory = new TreeMap<>();
        for (Entry entry : pii) {
            int[] counts = byCategory.computeIfAbsent("pii " + entry.category(), c -> new int[2]);
            counts[1]++;
            if (strictPathRefuses(entry.value())) {
                counts[0]++;
            } else {
                missed.add(entry);
            }
        }
        List<Entry> refused = new ArrayList<>();
        for (Entry entry : legitimate) {
            int[] counts = byCategory.computeIfAbsent("kept " + entry.category(), c -> new int[2]);
            counts[1]++;
            if (strictPathRefuses(entry.value())) {
                refused.add(entry);
            } else {
                counts[0]++;
            }
        }
        double recall = 1 - (double) missed.size() / pii.size();
        double kept = 1 - (double) refused.size() / legitimate.size();
        report(recall, kept, byCategory, missed, refused);
        assertThat(recall).as("share of PII refused; misses: %s", missed).isGreaterThanOrEqualTo(MIN_RECALL);
        assertThat(kept).as("share of real values kept; refused: %s", refused).isGreaterThanOrEqualTo(MIN_KEPT);
    }

    @Test
    void everyCategoryOfPiiIsRefusedAtLeastMostly() {
        Map<String, int[]> byCategory = new TreeMap<>();
        for (Entry entry : pii) {
            int[] counts = byCategory.computeIfAbsent(entry.category(), c -> new int[2]);
            counts[1]++;
            counts[0] += strictPathRefuses(entry.value()) ? 1 : 0;
        }
        byCategory.forEach((category, counts) -> assertThat((double) counts[0] / counts[1])
                .as("recall of %s", category).isGreaterThanOrEqualTo(0.9));
    }

    static boolean strictPathRefuses(String value) {
        return !Redactor.keeps(value) || !PropertyValidator.SHORT_STR.accepts(value)
                || StrictTextScreen.refuses(value);
    }

    private static void report(double recall, double kept, Map<String, int[]> byCategory, List<Entry> missed,
            List<Entry> refused) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(String.format("PII refused: %d of %d (%.1f%%); real values kept: %d of %d (%.1f%%)%n",
                pii.size() - missed.size(), pii.size(), 100 * recall, legitimate.size() - refused.size(),
                legitimate.size(), 100 * kept));
        byCategory.forEach((category, counts) -> text.append(String.format("  %-28s %3d of %3d%n", category,
                counts[0], counts[1])));
        missed.forEach(entry -> text.append("missed  ").append(entry).append('\n'));
        refused.forEach(entry -> text.append("refused ").append(entry).append('\n'));
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("strict-screen-corpus.txt"), text);
        }
    }

    private static List<Entry> entries(JsonNode list) {
        List<Entry> entries = new ArrayList<>();
        list.forEach(node -> entries.add(new Entry(node.get("category").asText(), node.get("value").asText())));
        return entries;
    }
}
