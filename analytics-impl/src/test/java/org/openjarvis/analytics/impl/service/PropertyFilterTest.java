package org.openjarvis.analytics.impl.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.CatalogueEvent;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.privacy.Redactor;

/** The one-pass filter of the capture path against the reference's two steps, on generated properties. */
class PropertyFilterTest {

    private static final Object[] VALUES = {"linux", "darwin", "ollama", "x86_64", "8754b77c7eee26e4", "", "a b",
        "user@example.com", "/Users/alice", "sk-abcdefghijklmnopqrstuvwx", "x".repeat(201), "é".repeat(200), 0, 7,
        -1, 3L, BigInteger.TEN.pow(30), 1.5, -0.0, Double.NaN, true, false, null, List.of(1), Map.of("a", 1),
        new int[] {1}, new Object()};

    @Test
    void equalsRedactThenValidateOnGeneratedProperties() {
        Random random = new Random(20261125);
        for (int round = 0; round < 20_000; round++) {
            EventSpec spec = EventCatalogue.specs().get(random.nextInt(EventCatalogue.specs().size()));
            List<String> keys = new ArrayList<>(spec.properties().keySet());
            keys.addAll(List.of("prompt", "email", "os", "engine", "tool_name"));
            Map<String, Object> input = new LinkedHashMap<>();
            int size = random.nextInt(14);
            for (int i = 0; i < size; i++) {
                input.put(keys.get(random.nextInt(keys.size())), VALUES[random.nextInt(VALUES.length)]);
            }

            PropertyFilter.Result filtered = PropertyFilter.apply(spec, input);

            Map<String, Object> redacted = Redactor.redact(input);
            Map<String, Object> expected = EventCatalogue.validateEvent(spec.event().eventName(), redacted)
                    .orElseThrow();
            assertThat(filtered.kept()).as("%s %s", spec.event(), input).containsExactlyEntriesOf(expected);
            assertThat(filtered.redacted()).isEqualTo(input.size() - redacted.size());
            assertThat(filtered.invalid()).isEqualTo(redacted.size() - expected.size());
        }
    }

    @Test
    void aKeyThatIsNotAStringIsSkippedAndCountedAsInvalid() {
        Map<Object, Object> raw = new LinkedHashMap<>();
        raw.put(42, "x");
        raw.put(null, "y");
        raw.put("setting_key", "ok");
        raw.put(7L, "user@example.com"); // redaction comes first, as in the reference: counted as redacted
        @SuppressWarnings("unchecked")
        Map<String, ?> properties = (Map<String, ?>) (Map<?, ?>) raw;

        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.spec(CatalogueEvent.SETTINGS_CHANGED),
                properties);

        assertThat(filtered.kept()).containsExactly(Map.entry("setting_key", "ok"));
        assertThat(filtered.invalid()).isEqualTo(2);
        assertThat(filtered.redacted()).isEqualTo(1);
    }

    @Test
    void nullPropertiesAreEmpty() {
        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.specs().get(0), null);
        assertThat(filtered.kept()).isEmpty();
        assertThat(filtered.redacted()).isZero();
        assertThat(filtered.invalid()).isZero();
    }
}
