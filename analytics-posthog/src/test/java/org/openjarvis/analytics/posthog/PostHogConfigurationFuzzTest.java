package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.openjarvis.analytics.impl.testing.AnnotationConfig;
import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;

/**
 * Any value of any property of a PostHog configuration is used or refused with a message that names the PID and
 * the property, and never contains the key. (Without a key no sink is made at all: see
 * {@code PostHogSinkComponentTest}.)
 */
class PostHogConfigurationFuzzTest {

    private static final String KEY = "phc_fuzz_not_a_real_key";
    private static final List<String> PROPERTIES = ConfigurationArbitraries.propertyNames(
            PostHogConfiguration.class);

    @Property(tries = 3000)
    void anyConfigurationIsAcceptedOrRefusedNamingThePidAndProperty(
            @ForAll("configurations") Map<String, Object> generated) {
        Map<String, Object> properties = new HashMap<>(generated);
        properties.put("api.key", KEY);
        PostHogConfiguration config = AnnotationConfig.of(PostHogConfiguration.class, properties);

        Throwable refused = catchThrowable(() -> PostHogSettings.from(config));

        if (refused != null) {
            assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(PostHogSinkComponent.PID).hasMessageNotContaining(KEY);
            assertThat(PROPERTIES).anySatisfy(property -> assertThat(refused.getMessage()).contains(property));
        } else {
            PostHogSettings settings = PostHogSettings.from(config);
            assertThat(settings.endpoint().batchUri().getHost()).isNotBlank();
            assertThat(settings.limits().batchSize()).isPositive();
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        String temp = Path.of(System.getProperty("java.io.tmpdir"), "fuzz-spool").toString();
        Arbitrary<String> hosts = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("https://us.i.posthog.com", "https://eu.posthog.com/", "http://127.0.0.1:8000",
                        "http://[::1]:1", "http://posthog.example.com", "https://", "ftp://x", "https://user@h/p?q#f",
                        "HTTPS://EU.I.POSTHOG.COM", " https://h ", "https://h:99999"));
        Arbitrary<String> spoolDirs = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().all()
                .ofMaxLength(20), Arbitraries.strings().all().ofMaxLength(20).map(garbage -> temp + garbage));
        return ConfigurationArbitraries.of(PostHogConfiguration.class, Map.of("host", hosts, "spool.dir",
                spoolDirs));
    }
}
