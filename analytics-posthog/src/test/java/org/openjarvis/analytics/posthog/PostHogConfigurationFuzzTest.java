package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;

/**
 * Any value of any property of a PostHog configuration, typed, as the text of a {@code .cfg} file, or of another
 * type altogether, gives settings or one-line problems that name the PID and the property and never contain the
 * key. (Without a key no sink is made at all: see {@code PostHogSinkComponentTest}.)
 */
class PostHogConfigurationFuzzTest {

    private static final String KEY = "phc_fuzz_not_a_real_key";
    private static final String PID = PostHogSinkComponent.PID + "~fuzz";
    private static final List<String> PROPERTIES = ConfigurationArbitraries.propertyNames(
            PostHogConfiguration.class);

    @Property(tries = 3000)
    void anyConfigurationGivesSettingsOrProblemsNamingThePidAndAProperty(
            @ForAll("configurations") Map<String, Object> generated) {
        check(generated);
    }

    @Property(tries = 1000)
    void aValueOfAnyTypeInAnyPropertyIsUsedOrRefusedNeverThrown(@ForAll("anyTypes") Map<String, Object> generated) {
        check(generated);
    }

    private static void check(Map<String, Object> generated) {
        Map<String, Object> properties = new HashMap<>(generated);
        properties.put("api.key", KEY);

        PostHogSettings.Reading reading = PostHogSettings.read(PID, properties);

        assertThat(reading.keyMissing()).isFalse();
        if (reading.settings().isPresent()) {
            assertThat(reading.problems()).isEmpty();
            PostHogSettings settings = reading.settings().get();
            assertThat(settings.endpoint().batchUri().getHost()).isNotBlank();
            assertThat(settings.limits().batchSize()).isPositive();
            assertThat(settings.toString()).doesNotContain(KEY);
            new BatchSender(null, settings.endpoint(), KEY, "test", settings.retries().policy(), null, null,
                    null); // the HTTP client accepts the URL
        } else {
            assertThat(reading.problems()).isNotEmpty().allSatisfy(problem -> {
                assertThat(problem).startsWith("Configuration " + PID + ": ").doesNotContain(KEY)
                        .doesNotContain("\n");
                // A plain search: a failed AssertJ check per other property would cost a stack trace each.
                assertThat(PROPERTIES.stream().anyMatch(property -> problem.startsWith("Configuration " + PID + ": "
                        + property + " "))).as("names a property: %s", problem).isTrue();
            });
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        String temp = Path.of(System.getProperty("java.io.tmpdir"), "fuzz-spool").toString();
        Arbitrary<String> hosts = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("https://us.i.posthog.com", "https://eu.posthog.com/", "http://127.0.0.1:8000",
                        "http://[::1]:1", "http://posthog.example.com", "https://", "ftp://x", "https://user@h/p?q#f",
                        "HTTPS://EU.I.POSTHOG.COM", " https://h ", "https://h:99999", "http://1..2",
                        "https://h/" + KEY, KEY, "https://" + KEY + "@h"));
        Arbitrary<String> spoolDirs = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().all()
                .ofMaxLength(20), Arbitraries.strings().all().ofMaxLength(20).map(garbage -> temp + garbage),
                Arbitraries.just(temp + "/" + KEY));
        // As Config Admin holds them (typed) or as a .cfg file gives them (text).
        return Combinators.combine(ConfigurationArbitraries.of(PostHogConfiguration.class, Map.of("host", hosts,
                "spool.dir", spoolDirs)), Arbitraries.of(false, true)).as((typed, asText) -> asText ? text(typed)
                        : typed);
    }

    @Provide
    Arbitrary<Map<String, Object>> anyTypes() {
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(25).map(v -> v),
                Arbitraries.longs().map(v -> v), Arbitraries.doubles().map(v -> v), Arbitraries.of(Double.NaN,
                        Double.POSITIVE_INFINITY, new BigDecimal("1e30"), new BigInteger("123456789012345678901"),
                        "12345678901234567890", "10000O", " 42 ", "TRUE", (short) 3, 'c', List.of(), List.of(7),
                        new long[] {1, 2}, new String[] {KEY}, KEY, new Object()));
        return Arbitraries.maps(Arbitraries.of(PROPERTIES), values).ofMaxSize(PROPERTIES.size()).map(HashMap::new);
    }

    private static Map<String, Object> text(Map<String, Object> typed) {
        Map<String, Object> text = new HashMap<>();
        typed.forEach((property, value) -> text.put(property, value instanceof String[]
                ? String.join(",", (String[]) value) : String.valueOf(value)));
        return text;
    }
}
