package org.openjarvis.analytics.impl.eventadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.service.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.service.AnalyticsServiceComponent;
import org.openjarvis.analytics.impl.session.SessionSettings;
import org.openjarvis.analytics.impl.testing.AnnotationConfig;
import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;

/**
 * The bridge's and the session aggregator's views of the service configuration: any value is used or refused
 * with a clear message.
 */
class BridgeConfigurationFuzzTest {

    private static final List<String> PROPERTIES = ConfigurationArbitraries.propertyNames(
            AnalyticsConfiguration.class);
    private static final String TEST_HOME = Path.of(System.getProperty("java.io.tmpdir"), "fuzz-home").toString();

    @Property(tries = 3000)
    void anyConfigurationIsAcceptedOrRefusedNamingThePidAndProperty(
            @ForAll("configurations") Map<String, Object> properties) {
        AnalyticsConfiguration config = AnnotationConfig.of(AnalyticsConfiguration.class, properties);

        Throwable refused = catchThrowable(() -> {
            BridgeSettings.from(config, new OpenJarvisHome(null, Map.of(), TEST_HOME));
            SessionSettings.from(config);
        });

        if (refused != null) {
            assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(AnalyticsServiceComponent.PID);
            assertThat(PROPERTIES).anySatisfy(property -> assertThat(refused.getMessage()).contains(property));
        } else {
            BridgeSettings settings = BridgeSettings.from(config, new OpenJarvisHome(null, Map.of(), TEST_HOME));
            assertThat(settings.queueCapacity()).isPositive();
            assertThat(settings.firstChatFlag().isAbsolute()).isTrue();
            assertThat(SessionSettings.from(config).idleTimeoutSeconds()).isPositive();
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        Arbitrary<String> homes = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().all().ofMaxLength(20).map(garbage -> TEST_HOME + garbage));
        return ConfigurationArbitraries.of(AnalyticsConfiguration.class, Map.of("home", homes));
    }
}
