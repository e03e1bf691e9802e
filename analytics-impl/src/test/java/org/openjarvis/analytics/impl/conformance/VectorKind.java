package org.openjarvis.analytics.impl.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.openjarvis.analytics.api.CatalogueEvent;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.privacy.HashId;
import org.openjarvis.analytics.impl.privacy.PiiDetector;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;
import org.openjarvis.analytics.impl.service.PropertyFilter;

/**
 * The vector files this build knows how to run, each with the check of one case against the real implementation.
 * Formats: {@code ../shared/conformance/README.md}.
 */
enum VectorKind {
    HASH_ID("hash_id.json") {
        @Override
        void check(JsonNode testCase) {
            assertEquals(testCase.get("output").textValue(), HashId.hashId(testCase.get("input").textValue()));
        }
    },
    LOOKS_LIKE_PII("looks_like_pii.json") {
        @Override
        void check(JsonNode testCase) {
            assertEquals(testCase.get("output").booleanValue(),
                    PiiDetector.looksLikePii(testCase.get("input").textValue()));
        }
    },
    REDACT("redact.json") {
        @Override
        void check(JsonNode testCase) {
            Map<String, Object> actual = ReferenceFunctions.redact(JsonValues.toJavaMap(testCase.get("input")));
            assertEquals(JsonValues.canonical(JsonValues.toJava(testCase.get("output"))),
                    JsonValues.canonical(actual));
        }
    },
    VALIDATE_EVENT("validate_event.json") {
        @Override
        void check(JsonNode testCase) {
            String event = testCase.get("event").textValue();
            Map<String, Object> input = JsonValues.toJavaMap(testCase.get("input"));
            Optional<Map<String, Object>> actual = ReferenceFunctions.validateEvent(event, input);
            assertEquals(JsonValues.canonical(JsonValues.toJava(testCase.get("output"))),
                    JsonValues.canonical(actual.orElse(null)));
            // The capture path redacts and validates in one pass: it must equal the two steps of the reference.
            // It screens only declared names, so an undeclared one counts as invalid whatever its value.
            CatalogueEvent.forName(event).ifPresent(catalogued -> {
                PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.spec(catalogued), input,
                        PrivacyScreen.REFERENCE);
                Map<String, Object> expected = ReferenceFunctions.validateEvent(event, ReferenceFunctions.redact(input))
                        .orElseThrow();
                assertEquals(JsonValues.canonical(expected), JsonValues.canonical(filtered.kept()));
                Map<String, Object> declared = new LinkedHashMap<>(input);
                declared.keySet().retainAll(EventCatalogue.spec(catalogued).properties().keySet());
                long redacted = declared.size() - ReferenceFunctions.redact(declared).size();
                assertEquals(redacted, filtered.redacted());
                assertEquals(input.size() - redacted - expected.size(), filtered.invalid());
            });
        }
    },
    AGGREGATOR("aggregator.json") {
        @Override
        void check(JsonNode testCase) {
            AggregatorScenario.check(testCase);
        }
    },
    BRIDGE("bridge.json") {
        @Override
        void check(JsonNode testCase) {
            BridgeScenario.check(testCase);
        }
    };

    private final String fileName;

    VectorKind(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    /** Throws an AssertionError if the implementation disagrees with the case's expected output. */
    abstract void check(JsonNode testCase);
}
