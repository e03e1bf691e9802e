package org.openjarvis.analytics.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each published jar has the sources jar and the javadoc jar that Maven Central asks for beside it: the sources of
 * every class in the jar, and the javadoc of its packages.
 */
class AttachedJarsTest {
    private static final Path ARTIFACTS = Path.of(System.getProperty("artifacts.dir"));
    private static final Path ROOT = Path.of(System.getProperty("project.root"));

    @ParameterizedTest
    @ValueSource(strings = {"analytics-api", "analytics-common", "analytics-impl", "analytics-posthog"})
    void theSourcesJarHoldsEverySourceFileOfTheModule(String module) throws IOException {
        List<String> sources;
        Path root = ROOT.resolve(module).resolve("src/main/java");
        try (Stream<Path> tree = Files.walk(root)) {
            sources = tree.filter(path -> path.toString().endsWith(".java"))
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .collect(Collectors.toList());
        }

        assertThat(sources).isNotEmpty();
        assertThat(entries(module + "-sources.jar")).containsAll(sources).contains("META-INF/LICENSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics-api", "analytics-common", "analytics-impl", "analytics-posthog"})
    void theJavadocJarHoldsThePackagesOfTheModule(String module) {
        assertThat(entries(module + "-javadoc.jar")).contains("index.html")
                .anySatisfy(entry -> assertThat(entry).endsWith("/package-summary.html"));
    }

    private static List<String> entries(String jar) {
        try (ZipFile zip = new ZipFile(ARTIFACTS.resolve(jar).toFile())) {
            return zip.stream().map(ZipEntry::getName).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
