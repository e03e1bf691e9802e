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
import org.openjarvis.analytics.impl.testing.AnnotationConfig;
import org.openjarvis.analytics.impl.testing.ConfigurationArbitraries;
import org.openjarvis.analytics.impl.testing.FakeBundleContext;
import org.openjarvis.analytics.impl.testing.RecordingLogger;

/**
 * Any value of any property of the file sink's configuration (and of {@code home}) is used or refused with a
 * message that names the PID and the property, at activation and as a change. Paths stay inside a folder of this
 * test; nothing is written, since the sink creates its file on the first event only.
 */
class FileSinkConfigurationFuzzTest {

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

        FileSinkComponent component = new FileSinkComponent(AnnotationConfig.of(FileSinkConfiguration.class,
                properties), home, framework.context(), log.logger(),
                new OpenJarvisHome(null, Map.of(), root.toString()));

        List<String> errors = errors(log);
        assertThat(framework.registered()).hasSize(errors.isEmpty() ? 1 : 0);
        errors.forEach(FileSinkConfigurationFuzzTest::namesThePidAndAProperty);
        component.deactivate();
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
        FileSinkComponent component = new FileSinkComponent(AnnotationConfig.defaults(FileSinkConfiguration.class),
                root.resolve("start").toString(), framework.context(), log.logger(),
                new OpenJarvisHome(null, Map.of(), root.toString()));
        Object before = framework.registered().get(0).service();

        component.modified(AnnotationConfig.of(FileSinkConfiguration.class, properties),
                AnnotationConfig.of(FileSinkComponent.HomeProperty.class, Map.of("home", home)));

        assertThat(framework.registered()).hasSize(1);
        List<String> errors = errors(log);
        if (!errors.isEmpty()) {
            assertThat(errors).singleElement().satisfies(FileSinkConfigurationFuzzTest::namesThePidAndAProperty);
            assertThat(framework.registered().get(0).service()).isSameAs(before);
        }
        component.deactivate();
        assertThat(framework.registered()).isEmpty();
    }

    private static List<String> errors(RecordingLogger log) {
        return log.lines().stream().filter(line -> !line.startsWith("INFO ")).toList();
    }

    private static void namesThePidAndAProperty(String error) {
        assertThat(error).startsWith("ERROR ").contains("org.openjarvis.analytics");
        assertThat(PROPERTIES).anySatisfy(property -> assertThat(error).contains(property));
    }

    @Provide
    Arbitrary<Map<String, Object>> configurations() {
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<String> paths = Arbitraries.oneOf(Arbitraries.just(""), garbage, Arbitraries.of("/", ".", "..",
                "~/", "a/../..", "events.jsonl"), garbage.map(g -> root.resolve("in").toString() + g));
        return ConfigurationArbitraries.of(FileSinkConfiguration.class, Map.of("path", paths));
    }

    @Provide
    Arbitrary<String> homes() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().all().ofMaxLength(20)
                .map(g -> root.resolve("home").toString() + g));
    }
}
