package org.openjarvis.analytics.impl.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.openjarvis.analytics.impl.testing.OpenJarvisCatalogues;
import org.openjarvis.analytics.impl.config.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;
import org.openjarvis.analytics.impl.testing.RecordingLogger;

/**
 * Any value of any property of the service's configuration, of any type, is used or refused with a clear one-line
 * message, and the service stays up: the settings in force are always in range, and a bad value elsewhere never
 * stands in the way of {@code enabled=false}.
 */
class ConfigurationFuzzTest {

    private static final List<String> PROPERTIES = ConfigurationArbitraries.propertyNames(
            AnalyticsConfiguration.class);
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("service-config-fuzz");
    }

    @AfterContainer
    static void removeRoot() throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 3000)
    void anyConfigurationIsUsedOrRefusedPropertyByPropertyNamingThePidAndProperty(
            @ForAll("configurations") Map<String, Object> properties) {
        AnalyticsSettings.Parsed parsed = AnalyticsSettings.parse(properties, AnalyticsSettings.DEFAULTS);

        AnalyticsSettings settings = parsed.settings();
        assertThat(settings.backlogCapacity()).isBetween(1, 1_000_000);
        assertThat(settings.backlogMaxBytes()).isBetween(1024L, 1L << 30);
        assertThat(settings.sessionTickSeconds()).isBetween(1L, 3_600L);
        assertThat(settings.sessionIdleTimeoutSeconds()).isBetween(1L, 86_400L);
        assertThat(settings.shutdownTimeout().toMillis()).isBetween(0L, 600_000L);
        assertThat(parsed.problems()).allSatisfy(problem -> {
            assertThat(problem).startsWith("Configuration " + AnalyticsSettings.PID + ": ").doesNotContain("\n");
            assertThat(PROPERTIES).anySatisfy(property -> assertThat(problem).contains(": " + property + " "));
        });
        Object enabled = properties.get("enabled");
        if (enabled != null && !Boolean.TRUE.equals(enabled) && !"true".equalsIgnoreCase(enabled.toString().trim())) {
            assertThat(settings.enabled()).as("enabled=%s is off whatever else is wrong", enabled).isFalse();
        }
    }

    @Property(tries = 300)
    void theServiceNeverFailsToStartOrToApplyAChange(@ForAll("configurations") Map<String, Object> first,
            @ForAll("configurations") Map<String, Object> second) {
        RecordingLogger log = new RecordingLogger();
        OpenJarvisHome homes = new OpenJarvisHome(null, Map.of(), root.toString());
        AnalyticsServiceComponent service = new AnalyticsServiceComponent(first, log.logger(), Map.of(), homes,
                java.time.Clock.systemUTC(), OpenJarvisCatalogues.registry());
        try {
            service.modified(second);
            service.modified(Map.of("enabled", false, "backlog.capacity", "10000O"));
            assertThat(service.isEnabled()).as("enabled=false applies whatever else is wrong").isFalse();
        } finally {
            service.deactivate();
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        Arbitrary<String> homes = Arbitraries.strings().all().ofMaxLength(20)
                .map(garbage -> root.resolve("home").toString() + garbage);
        return ConfigurationArbitraries.raw(AnalyticsConfiguration.class, Map.of("home", homes));
    }
}
