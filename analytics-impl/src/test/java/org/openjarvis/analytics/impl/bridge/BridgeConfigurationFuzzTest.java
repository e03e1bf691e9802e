package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.openjarvis.analytics.impl.config.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;

/** The bridge's view of any settings the service hands it: never an exception, always a usable queue. */
class BridgeConfigurationFuzzTest {

    private static final String TEST_HOME = Path.of(System.getProperty("java.io.tmpdir"), "fuzz-home").toString();

    @Property(tries = 1000)
    void anySettingsGiveTheBridgeABoundedQueueAndAnAbsoluteFlagOrNone(
            @ForAll("configurations") Map<String, Object> properties) {
        AnalyticsSettings parsed = AnalyticsSettings.parse(properties, AnalyticsSettings.DEFAULTS).settings();

        BridgeSettings settings = BridgeSettings.from(parsed, new OpenJarvisHome(null, Map.of(), TEST_HOME));

        assertThat(settings.queueCapacity()).isPositive();
        assertThat(settings.queueMaxBytes()).isPositive();
        if (settings.firstChatFlag() != null) {
            assertThat(settings.firstChatFlag().isAbsolute()).isTrue();
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        Arbitrary<String> homes = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().all().ofMaxLength(20).map(garbage -> TEST_HOME + garbage));
        return ConfigurationArbitraries.raw(AnalyticsConfiguration.class, Map.of("home", homes));
    }
}
