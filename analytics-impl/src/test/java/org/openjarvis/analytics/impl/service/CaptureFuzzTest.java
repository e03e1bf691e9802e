package org.openjarvis.analytics.impl.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.openjarvis.analytics.impl.conformance.ReferenceFunctions;
import org.openjarvis.analytics.impl.testing.OpenJarvisCatalogues;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.CatalogueEvent;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.privacy.PiiDetector;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;
import org.openjarvis.analytics.impl.privacy.Redactor;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.openjarvis.analytics.impl.testing.RecordingSink;

/**
 * Generated property maps, thousands per property: what leaves redaction and validation is always a short scalar
 * that does not look like PII, and no map, however hostile, makes {@code capture} throw.
 */
class CaptureFuzzTest {

    private static final List<String> KEYS = catalogueKeys();
    private static Path home;
    private static AnalyticsServiceComponent service;
    private static final RecordingSink SINK = new RecordingSink();
    private static int checked;

    @BeforeContainer
    static void start() throws Exception {
        home = Files.createTempDirectory("capture-fuzz");
        service = new AnalyticsServiceComponent(Map.of("home", home.toString(), "backlog.capacity", 100),
                new RecordingLogger().logger(),
                Map.of(), new OpenJarvisHome(null, Map.of(), "/nonexistent-user-home"), Clock.systemUTC(),
                OpenJarvisCatalogues.registry());
        service.bindSink(SINK, Map.of(AnalyticsSink.NAME_PROPERTY, "recording"));
    }

    @AfterContainer
    static void stop() {
        service.deactivate();
    }

    @Property(tries = 3000)
    void filteredPropertiesAreShortScalarsThatDoNotLookLikePii(@ForAll("events") CatalogueEvent event,
            @ForAll("properties") Map<String, Object> properties) {
        EventSpec spec = EventCatalogue.spec(event);
        PropertyFilter.Result filtered = PropertyFilter.apply(spec, properties, PrivacyScreen.REFERENCE);

        Map<String, Object> reference = ReferenceFunctions.validateEvent(event.eventName(), ReferenceFunctions.redact(properties))
                .orElseThrow();
        assertThat(filtered.kept()).containsExactlyEntriesOf(reference);
        filtered.kept().forEach((key, value) -> {
            assertThat(spec.properties()).containsKey(key);
            assertThat(value).isNotNull().isNotInstanceOf(Collection.class).isNotInstanceOf(Map.class);
            assertThat(value.getClass().isArray()).isFalse();
            if (value instanceof String) {
                String text = (String) value;
                assertThat(text.codePointCount(0, text.length())).isBetween(1, Redactor.MAX_STR_LEN);
                assertThat(PiiDetector.looksLikePii(text)).as(text).isFalse();
            }
        });
        assertThat(filtered.redacted() + filtered.invalid() + filtered.kept().size()).isEqualTo(properties.size());
    }

    @Property(tries = 3000)
    void captureNeverThrowsAndAccountsForEveryCall(@ForAll("names") String name,
            @ForAll("hostileProperties") Map<String, Object> properties) {
        long before = outcomes();

        CaptureResult result = service.capture(name, properties);
        Thread.interrupted(); // a map that threw InterruptedException leaves the interrupt for its caller: clear it

        assertThat(result).isNotNull();
        assertThat(outcomes()).as("every call is counted once, as captured or dropped").isEqualTo(before + 1);
        service.flush(Duration.ofSeconds(5));
        List<AnalyticsEvent> delivered = SINK.events();
        for (AnalyticsEvent event : delivered.subList(checked, delivered.size())) {
            assertThat(event.properties().values()).allSatisfy(value -> assertThat(value)
                    .isNotInstanceOf(Collection.class).isNotInstanceOf(Map.class));
        }
        checked = delivered.size();
    }

    private static long outcomes() {
        return service.status().counters().entrySet().stream().filter(counter -> counter.getKey().equals(
                "captured") || counter.getKey().startsWith("dropped_") || counter.getKey().startsWith("rejected_"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Provide
    Arbitrary<CatalogueEvent> events() {
        return Arbitraries.of(CatalogueEvent.class);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of(CatalogueEvent.class).map(CatalogueEvent::eventName),
                Arbitraries.strings().all().ofMaxLength(40), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<Map<String, Object>> properties() {
        return Arbitraries.maps(keys(), values()).ofMaxSize(12);
    }

    /**
     * Everything {@link #properties()} gives, and maps that throw (anything, checked exceptions included), lie about
     * their size, hold themselves, or have keys that are not strings.
     */
    @Provide
    Arbitrary<Map<String, Object>> hostileProperties() {
        return Arbitraries.oneOf(properties(), Combinators.combine(properties(), failures())
                .as(CaptureFuzzTest::throwing),
                properties().map(CaptureFuzzTest::lyingAboutItsSize),
                properties().map(CaptureFuzzTest::selfContaining),
                properties().map(CaptureFuzzTest::withForeignKeys));
    }

    // What a caller's map may throw into capture: everything but a broken JVM (OutOfMemoryError, InternalError).
    private static Arbitrary<Throwable> failures() {
        return Arbitraries.of(new IllegalStateException("hostile map"), new IOException("hostile map"),
                new InterruptedException("hostile map"), new AssertionError("hostile map"),
                new StackOverflowError("hostile map"), new NoClassDefFoundError("hostile map"));
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().all().ofMaxLength(20));
    }

    private static Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(260).map(s -> (Object) s),
                Arbitraries.of(piiFragments()).map(s -> (Object) s),
                Arbitraries.strings().withChars("abc@.:/-_=~$ 0123456789sk-xoxbeyJ").ofMaxLength(60)
                        .map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(b -> (Object) b),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1.5f, new BigDecimal("1.5"),
                        new AtomicLong(3), (short) 2, (byte) 1, 'c', new Object(), new int[] {1}, new String[0]),
                Arbitraries.of(true, false), Arbitraries.just(null));
        return Arbitraries.oneOf(scalars, scalars.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), scalars).ofMaxSize(3).map(m -> (Object) m),
                scalars.set().ofMaxSize(3).map(s -> (Object) s));
    }

    private static List<String> piiFragments() {
        return List.of("user@example.com", "10.0.0.1", "fe80::1", "aa:bb:cc:dd:ee:ff", "/Users/alice", "/home/bob",
                "$HOME", "~/x", "file://x", "sk-abcdefgh12", "xoxb-12345678", "xoxp-12345678",
                "ghp_" + "a".repeat(20), "gho_" + "b".repeat(20), "AKIA" + "A".repeat(16), "AIza" + "c".repeat(20),
                "ya29.x", "eyJa.b.c", "Bearer abc", "password=hunter2", "box.local", "ollama", "linux", "x86_64");
    }

    private static List<String> catalogueKeys() {
        List<String> keys = new ArrayList<>();
        EventCatalogue.specs().forEach(spec -> keys.addAll(spec.properties().keySet()));
        return keys;
    }

    private static Map<String, Object> selfContaining(Map<String, Object> properties) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.put("self", copy);
        return copy;
    }

    /** A map that tells its size but cannot be iterated: it throws {@code failure}, even a checked one. */
    private static Map<String, Object> throwing(Map<String, Object> properties, Throwable failure) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw CaptureFuzzTest.<RuntimeException>sneaky(failure);
            }

            @Override
            public int size() {
                return properties.size();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    /** The same entries plus keys a raw-typed caller could put in: an Integer, an Object and null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withForeignKeys(Map<String, Object> properties) {
        Map<Object, Object> raw = new LinkedHashMap<>(properties);
        raw.put(42, "linux");
        raw.put(new Object(), 1L);
        raw.put(null, true);
        return (Map<String, Object>) (Map<?, ?>) raw;
    }

    /** A map whose size() disagrees with its entries. */
    private static Map<String, Object> lyingAboutItsSize(Map<String, Object> properties) {
        return PropertyFilterTest.sized(properties, properties.isEmpty() ? Integer.MAX_VALUE : 0);
    }
}
