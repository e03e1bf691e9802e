package org.openjarvis.analytics.impl.file;

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

import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;
import org.openjarvis.analytics.impl.testing.FakeBundleContext;
import org.openjarvis.analytics.impl.testing.FakeSettingsSource;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.osgi.service.component.ComponentConstants;

/**
 * Any value of any property of the file sink's configuration (and of {@code home}) is used or refused with a
 * message that names the PID and the property, at activation and as a change. Paths stay inside a folder of this
 * test; nothing is written, since the sink creates its file on the first event only.
 */
class FileSinkConfigurationFuzzTest {

    private static final int STOPPED = ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED;

    private static final List<String> PROPERTIES = List.of("path", "rotation.max.bytes", "rotation.keep", "home");
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("file-sink-fuzz");
    }

    @AfterContainer
    static void removeRoot() throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 3000)
    void anyConfigurationIsAcceptedOrRefusedNamingThePidAndProperty(
            @ForAll("configurations") Map<String, Object> properties, @ForAll("homes") String home) {
        FakeBundleContext framework = new FakeBundleContext(Map.of());
        RecordingLogger log = new RecordingLogger();

        FileSinkComponent component = new FileSinkComponent(properties, sourceWithHome(home), framework.context(),
                log.logger(), new OpenJarvisHome(null, Map.of(), root.toString()));

        List<String> errors = errors(log);
        errors.forEach(FileSinkConfigurationFuzzTest::namesThePidAndAProperty);
        if (framework.registered().isEmpty()) {
            assertThat(errors).as("no sink only while no file can be placed (path or home)").anySatisfy(error ->
                    assertThat(error).endsWith("the local event log is off until it is fixed"));
        }
        component.deactivate(STOPPED);
        try (var files = Files.list(root)) {
            assertThat(files).as("nothing is created before the first event").isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 1000)
    void aChangeToAnyConfigurationIsAppliedOrRefusedLeavingTheSinkBound(
            @ForAll("configurations") Map<String, Object> properties, @ForAll("homes") String home) {
        FakeBundleContext framework = new FakeBundleContext(Map.of());
        RecordingLogger log = new RecordingLogger();
        FakeSettingsSource source = sourceWithHome(root.resolve("start").toString());
        FileSinkComponent component = new FileSinkComponent(Map.of(), source, framework.context(), log.logger(),
                new OpenJarvisHome(null, Map.of(), root.toString()));

        component.modified(properties);
        source.change(Map.of("home", home));

        assertThat(framework.registered()).as("the sink stays bound, on its previous settings where needed")
                .hasSize(1);
        errors(log).forEach(FileSinkConfigurationFuzzTest::namesThePidAndAProperty);
        component.deactivate(STOPPED);
        assertThat(framework.registered()).isEmpty();
    }

    private static FakeSettingsSource sourceWithHome(String home) {
        FakeSettingsSource source = new FakeSettingsSource();
        source.change(Map.of("home", home));
        return source;
    }

    private static List<String> errors(RecordingLogger log) {
        return log.lines().stream().filter(line -> !line.startsWith("INFO ")).toList();
    }

    private static void namesThePidAndAProperty(String error) {
        assertThat(error).startsWith("ERROR Configuration org.openjarvis.analytics").doesNotContain("\n");
        assertThat(PROPERTIES).anySatisfy(property -> assertThat(error).contains(property));
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<String> paths = Arbitraries.oneOf(Arbitraries.just(""), garbage, Arbitraries.of("/", ".", "..",
                "~/", "a/../..", "events.jsonl"), garbage.map(g -> root.resolve("in").toString() + g));
        return ConfigurationArbitraries.raw(FileSinkConfiguration.class, Map.of("path", paths));
    }

    @Provide
    Arbitrary<String> homes() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().all().ofMaxLength(20)
                .map(g -> root.resolve("home").toString() + g));
    }
}
