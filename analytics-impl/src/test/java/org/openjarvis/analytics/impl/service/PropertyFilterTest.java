package org.openjarvis.analytics.impl.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.CatalogueEvent;
import org.openjarvis.analytics.impl.catalogue.CatalogueException;
import org.openjarvis.analytics.impl.catalogue.CatalogueOrigin;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.catalogue.SchemaCompiler;
import org.openjarvis.analytics.impl.conformance.ReferenceFunctions;
import org.openjarvis.analytics.impl.privacy.HashId;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;

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

            PropertyFilter.Result filtered = PropertyFilter.apply(spec, input, PrivacyScreen.REFERENCE);

            Map<String, Object> expected = ReferenceFunctions.validateEvent(spec.name(),
                    ReferenceFunctions.redact(input)).orElseThrow();
            assertThat(filtered.kept()).as("%s %s", spec.name(), input).containsExactlyEntriesOf(expected);
            // Only declared names are screened: an undeclared one is invalid whatever its value.
            Map<String, Object> declared = new LinkedHashMap<>(input);
            declared.keySet().retainAll(spec.properties().keySet());
            long redacted = declared.size() - ReferenceFunctions.redact(declared).size();
            assertThat(filtered.redacted()).isEqualTo(redacted);
            assertThat(filtered.invalid()).isEqualTo(input.size() - redacted - expected.size());
            assertThat(filtered.overLimit()).isZero();
        }
    }

    @Property(tries = 3000)
    void explainsReasonsAddUpToApplysCounts(@ForAll("cases") Case given) {
        PropertyFilter.Result filtered = PropertyFilter.apply(given.spec(), given.properties(), given.screen());
        List<PropertyFilter.Dropped> dropped = PropertyFilter.explain(given.spec(), given.properties(),
                given.screen());

        Map<PropertyFilter.Drop, Long> by = dropped.stream().collect(Collectors.groupingBy(PropertyFilter.Dropped::drop,
                Collectors.counting()));
        assertThat(by.getOrDefault(PropertyFilter.Drop.REDACTED, 0L)).isEqualTo(filtered.redacted());
        assertThat(by.getOrDefault(PropertyFilter.Drop.UNDECLARED, 0L) + by.getOrDefault(PropertyFilter.Drop.REFUSED,
                0L) + by.getOrDefault(PropertyFilter.Drop.UNHASHABLE, 0L)).isEqualTo(filtered.invalid());
        assertThat(by.getOrDefault(PropertyFilter.Drop.REDACTED_STRICT, 0L)).isEqualTo(filtered.redactedStrict());
        assertThat(by.getOrDefault(PropertyFilter.Drop.OUT_OF_RANGE, 0L)).isEqualTo(filtered.outOfRange());
        assertThat(by).doesNotContainKey(PropertyFilter.Drop.OVER_LIMIT);
        // Every property is either kept or explained, once, in input order.
        List<String> names = new ArrayList<>(given.properties().keySet());
        names.removeAll(filtered.kept().keySet());
        assertThat(dropped).extracting(PropertyFilter.Dropped::name).containsExactlyElementsOf(names);
        assertThat(dropped).extracting(PropertyFilter.Dropped::reason).allSatisfy(reason -> assertThat(reason)
                .isNotBlank());
    }

    record Case(EventSpec spec, Map<String, Object> properties, PrivacyScreen screen) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.of("4111111111111111",
                "+44 20 7946 0958", "\ud800", "chat", "ollama"), Arbitraries.longs(), Arbitraries.doubles());
        return Arbitraries.of(EventCatalogue.specs()).flatMap(spec -> {
            List<String> keys = new ArrayList<>(spec.properties().keySet());
            keys.addAll(List.of("prompt", "email", "os"));
            Arbitrary<Map<String, Object>> properties = Arbitraries.maps(Arbitraries.of(keys), values)
                    .ofMaxSize(keys.size()).map(LinkedHashMap::new);
            return Combinators.combine(properties, Arbitraries.of(PrivacyScreen.class))
                    .as((map, screen) -> new Case(spec, map, screen));
        });
    }

    @Test
    void explainNamesTheEntriesItDidNotReadOnce() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < PropertyFilter.MAX_PROPERTIES + 2; i++) {
            properties.put("undeclared_" + i, "ok");
        }

        List<PropertyFilter.Dropped> dropped = PropertyFilter.explain(
                EventCatalogue.spec(CatalogueEvent.SETTINGS_CHANGED), properties, PrivacyScreen.STRICT);

        assertThat(dropped).hasSize(PropertyFilter.MAX_PROPERTIES + 1).last().isEqualTo(new PropertyFilter.Dropped(
                "2 more", PropertyFilter.Drop.OVER_LIMIT, "not read: only the first 1000 properties are"));
    }

    @Test
    void aKeyThatIsNotAStringIsSkippedAndCountedAsInvalid() {
        Map<Object, Object> raw = new LinkedHashMap<>();
        raw.put(42, "x");
        raw.put(null, "y");
        raw.put("setting_key", "ok");
        raw.put(7L, "user@example.com"); // never declared, so its value is not screened: invalid, not redacted
        @SuppressWarnings("unchecked")
        Map<String, ?> properties = (Map<String, ?>) (Map<?, ?>) raw;

        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.spec(CatalogueEvent.SETTINGS_CHANGED),
                properties, PrivacyScreen.REFERENCE);

        assertThat(filtered.kept()).containsExactly(Map.entry("setting_key", "ok"));
        assertThat(filtered.invalid()).isEqualTo(3);
        assertThat(filtered.redacted()).isZero();
    }

    @Test
    void theValueOfAnUndeclaredNameIsNeverReadOnlyADeclaredOnesIsScreened() {
        RecordingMap properties = new RecordingMap(List.of("prompt", "setting_key", "email"),
                key -> key.equals("email") ? "user@example.com" : "dark_mode");

        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.spec(CatalogueEvent.SETTINGS_CHANGED),
                properties, PrivacyScreen.REFERENCE);

        assertThat(properties.valuesRead).containsExactly("setting_key");
        assertThat(filtered.kept()).containsExactly(Map.entry("setting_key", "dark_mode"));
        assertThat(filtered.invalid()).isEqualTo(2);
        assertThat(filtered.redacted()).isZero();
    }

    @Test
    void entriesBeyondTheLimitAreNeitherReadNorKeptAndAreCountedFromTheMapsSize() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 99_999; i++) {
            keys.add("undeclared_" + i);
        }
        keys.add("setting_key"); // the only declared name comes last, beyond the limit: not kept
        RecordingMap properties = new RecordingMap(keys, key -> "ok");

        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.spec(CatalogueEvent.SETTINGS_CHANGED),
                properties, PrivacyScreen.REFERENCE);

        assertThat(properties.keysRead).isEqualTo(keys.subList(0, PropertyFilter.MAX_PROPERTIES));
        assertThat(filtered.kept()).isEmpty();
        assertThat(filtered.invalid()).isEqualTo(PropertyFilter.MAX_PROPERTIES);
        assertThat(filtered.overLimit()).isEqualTo(keys.size() - PropertyFilter.MAX_PROPERTIES);
    }

    @Test
    void aMapThatLiesAboutItsSizeIsFilteredAsItsEntriesAreAndWhatIsOverTheLimitCountsAtLeastOnce() {
        EventSpec spec = EventCatalogue.spec(CatalogueEvent.SETTINGS_CHANGED);
        Map<String, Object> three = new LinkedHashMap<>();
        three.put("a", 1);
        three.put("setting_key", "ok");
        three.put("b", 2);
        Map<String, Object> many = new LinkedHashMap<>(three);
        for (int i = 0; i < 2 * PropertyFilter.MAX_PROPERTIES; i++) {
            many.put("undeclared_" + i, i);
        }

        for (int lie : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            PropertyFilter.Result small = PropertyFilter.apply(spec, sized(three, lie), PrivacyScreen.REFERENCE);
            assertThat(small.kept()).as("size %d", lie).containsExactly(Map.entry("setting_key", "ok"));
            assertThat(small.invalid()).isEqualTo(2);
            assertThat(small.overLimit()).isZero();

            PropertyFilter.Result large = PropertyFilter.apply(spec, sized(many, lie), PrivacyScreen.REFERENCE);
            assertThat(large.kept()).containsExactly(Map.entry("setting_key", "ok"));
            assertThat(large.invalid()).isEqualTo(PropertyFilter.MAX_PROPERTIES - 1);
            assertThat(large.overLimit()).as("size %d", lie)
                    .isEqualTo(lie == Integer.MAX_VALUE ? Integer.MAX_VALUE - PropertyFilter.MAX_PROPERTIES : 1);
        }
    }

    @Test
    void anEndlessMapIsReadOnlyUpToTheLimit() {
        Map<String, Object> endless = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Object>> iterator() {
                        return Stream.generate(() -> Map.entry("setting_key", (Object) "ok")).iterator();
                    }

                    @Override
                    public int size() {
                        return 1;
                    }
                };
            }
        };

        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.spec(CatalogueEvent.SETTINGS_CHANGED),
                endless, PrivacyScreen.REFERENCE);

        assertThat(filtered.kept()).containsExactly(Map.entry("setting_key", "ok"));
        assertThat(filtered.overLimit()).isOne();
    }

    @Test
    void nullPropertiesAreEmpty() {
        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.specs().get(0), null,
                PrivacyScreen.REFERENCE);
        assertThat(filtered.kept()).isEmpty();
        assertThat(filtered.redacted()).isZero();
        assertThat(filtered.invalid()).isZero();
        assertThat(filtered.overLimit()).isZero();
    }

    /** A map of these keys, in order, whose values are computed when read; it records the keys and values read. */
    private static final class RecordingMap extends AbstractMap<String, Object> {
        final List<String> keysRead = new ArrayList<>();
        final List<String> valuesRead = new ArrayList<>();
        private final List<String> keys;
        private final Function<String, Object> valueOf;

        RecordingMap(List<String> keys, Function<String, Object> valueOf) {
            this.keys = keys;
            this.valueOf = valueOf;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return keys.stream().<Entry<String, Object>>map(RecordedEntry::new).iterator();
                }

                @Override
                public int size() {
                    return keys.size();
                }
            };
        }

        private final class RecordedEntry implements Entry<String, Object> {
            private final String key;

            RecordedEntry(String key) {
                this.key = key;
            }

            @Override
            public String getKey() {
                keysRead.add(key);
                return key;
            }

            @Override
            public Object getValue() {
                valuesRead.add(key);
                return valueOf.apply(key);
            }

            @Override
            public Object setValue(Object value) {
                throw new UnsupportedOperationException();
            }
        }
    }

    /** The entries of {@code properties} under a map that says its size is {@code size}. */
    static Map<String, Object> sized(Map<String, Object> properties, int size) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                return properties.entrySet();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Test
    void aHashedValueIsSentAsItsHashAfterRedactionAndAnEnumMemberAsItIs() throws CatalogueException {
        EventSpec spec = contributed("{\"type\": \"object\", \"properties\": {\"plugin\": {\"type\": \"string\", "
                + "\"x-openjarvis-hash\": true, \"enum\": [\"core\"]}}}");

        assertThat(PropertyFilter.apply(spec, Map.of("plugin", "acme-exporter"), PrivacyScreen.STRICT).kept())
                .containsExactly(Map.entry("plugin", HashId.hashId("acme-exporter")));
        assertThat(PropertyFilter.apply(spec, Map.of("plugin", "core"), PrivacyScreen.STRICT).kept())
                .containsExactly(Map.entry("plugin", "core"));
        // Redaction runs on the raw value: an e-mail address is dropped, not hashed (a hash of one can be reversed
        // by trying addresses).
        PropertyFilter.Result pii = PropertyFilter.apply(spec, Map.of("plugin", "bob@example.com"),
                PrivacyScreen.STRICT);
        assertThat(pii.kept()).isEmpty();
        assertThat(pii.redacted()).isEqualTo(1);
        // A lone surrogate has no UTF-8 encoding, so no hash: the value is invalid, and nothing throws.
        PropertyFilter.Result unhashable = PropertyFilter.apply(spec, Map.of("plugin", "x\uD800"),
                PrivacyScreen.STRICT);
        assertThat(unhashable.kept()).isEmpty();
        assertThat(unhashable.invalid()).isEqualTo(1);
    }

    @Test
    void aHashThatIsADecimalCardNumberIsRefusedByTheStrictScreenLikeAnyHash() throws CatalogueException {
        EventSpec spec = contributed("{\"type\": \"object\", \"properties\": {\"plugin\": {\"type\": \"string\", "
                + "\"x-openjarvis-hash\": true, \"enum\": [\"4111111111111111\"]}}}");

        PropertyFilter.Result filtered = PropertyFilter.apply(spec, Map.of("plugin", "4111111111111111"),
                PrivacyScreen.STRICT);

        assertThat(filtered.kept()).isEmpty();
        assertThat(filtered.redactedStrict()).isEqualTo(1);
    }

    @Test
    void anEventLacksARequiredPropertyWhenItIsMissingOrWhenAnyStepDropsIt() throws CatalogueException {
        EventSpec spec = contributed("{\"type\": \"object\", \"properties\": {\"label\": {\"type\": \"string\"}, "
                + "\"count\": {\"type\": \"integer\"}}, \"required\": [\"label\"]}");

        assertThat(PropertyFilter.apply(spec, Map.of("label", "basket"), PrivacyScreen.STRICT).missingRequired())
                .isFalse();
        assertThat(PropertyFilter.apply(spec, Map.of("count", 2), PrivacyScreen.STRICT).missingRequired()).isTrue();
        assertThat(PropertyFilter.apply(spec, null, PrivacyScreen.STRICT).missingRequired()).isTrue();
        assertThat(PropertyFilter.apply(spec, Map.of("label", 5), PrivacyScreen.STRICT).missingRequired())
                .as("invalid").isTrue();
        assertThat(PropertyFilter.apply(spec, Map.of("label", "alice@example.com"), PrivacyScreen.REFERENCE)
                .missingRequired()).as("redacted").isTrue();
        assertThat(PropertyFilter.apply(spec, Map.of("label", "+44 20 7946 0958"), PrivacyScreen.STRICT)
                .missingRequired()).as("refused by the strict screen").isTrue();
        PropertyFilter.Result complete = PropertyFilter.apply(spec, Map.of("label", "basket"), PrivacyScreen.STRICT);
        assertThat(complete.keptAll(1)).isTrue();
        PropertyFilter.Result incomplete = PropertyFilter.apply(spec, Map.of("count", 2), PrivacyScreen.STRICT);
        assertThat(incomplete.keptAll(1)).as("kept as given, but the event may not be sent").isFalse();
    }

    private static EventSpec contributed(String eventSchema) throws CatalogueException {
        return SchemaCompiler.compile(new CatalogueOrigin(5, "org.example.app", "2.0.0", "catalogue.json"),
                ("{\"events\": {\"thing_done\": " + eventSchema + "}}").getBytes(StandardCharsets.UTF_8))
                .events().get("thing_done");
    }
}
