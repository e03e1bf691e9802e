package org.openjarvis.analytics.impl.service;

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

import org.openjarvis.analytics.impl.testing.AnnotationConfig;
import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;

/** Any value of any property of the service's configuration is either used or refused with a clear message. */
class ConfigurationFuzzTest {

    private static final List<String> PROPERTIES = ConfigurationArbitraries.propertyNames(
            AnalyticsConfiguration.class);

    @Property(tries = 3000)
    void anyConfigurationIsAcceptedOrRefusedNamingThePidAndProperty(
            @ForAll("configurations") Map<String, Object> properties) {
        AnalyticsConfiguration config = AnnotationConfig.of(AnalyticsConfiguration.class, properties);

        Throwable refused = catchThrowable(() -> ServiceSettings.from(config));

        if (refused != null) {
            assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(AnalyticsServiceComponent.PID);
            assertThat(PROPERTIES).anySatisfy(property -> assertThat(refused.getMessage()).contains(property));
        } else {
            ServiceSettings settings = ServiceSettings.from(config);
            assertThat(settings.limits().capacity()).isPositive();
            assertThat(settings.shutdownTimeout().isNegative()).isFalse();
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        Arbitrary<String> homes = Arbitraries.strings().all().ofMaxLength(20)
                .map(garbage -> Path.of(System.getProperty("java.io.tmpdir"), "fuzz-home").toString() + garbage);
        return ConfigurationArbitraries.of(AnalyticsConfiguration.class, Map.of("home", homes));
    }
}
