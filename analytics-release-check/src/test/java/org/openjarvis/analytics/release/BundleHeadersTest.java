package org.openjarvis.analytics.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundle the project builds says under which license it is published, where its documentation and sources
 * are and who publishes it (headers bnd-maven-plugin writes from the root pom), and carries the license and the
 * notice. The distribution's are checked by analytics-dist's DistributionLicenseIT.
 */
class BundleHeadersTest {
    private static final Path ARTIFACTS = Path.of(System.getProperty("artifacts.dir"));
    private static final Path ROOT = Path.of(System.getProperty("project.root"));
    private static final String PROJECT_URL = System.getProperty("project.url");
    private static final String APACHE_2 = "https://www.apache.org/licenses/LICENSE-2.0.txt";

    static List<BuiltJar> bundles() throws IOException {
        try (Stream<Path> jars = Files.list(ARTIFACTS)) {
            return jars.sorted().map(BuiltJar::read)
                    .filter(jar -> jar.header("Bundle-SymbolicName").isPresent())
                    .collect(Collectors.toList());
        }
    }

    @Test
    void theChecksCoverTheApiImplementationPostHogAndExampleBundles() throws IOException {
        assertThat(bundles().stream().map(bundle -> bundle.header("Bundle-SymbolicName").orElseThrow()))
                .contains("org.openjarvis.analytics.api", "org.openjarvis.analytics.impl",
                        "org.openjarvis.analytics.posthog", "org.openjarvis.analytics.example");
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void everyBundleNamesItsLicenseDocumentationSourcesAndVendor(BuiltJar bundle) {
        assertThat(bundle.clauses("Bundle-License").keySet()).containsExactly("Apache-2.0");
        assertThat(bundle.clauses("Bundle-License").get("Apache-2.0").get("link")).isEqualTo(APACHE_2);
        assertThat(bundle.header("Bundle-DocURL")).hasValue(PROJECT_URL);
        assertThat(bundle.header("Bundle-SCM")).hasValueSatisfying(scm -> assertThat(scm)
                .contains("url=\"" + PROJECT_URL + "\"", "connection=\"scm:git:"));
        assertThat(bundle.header("Bundle-Vendor")).hasValueSatisfying(vendor -> assertThat(vendor).isNotBlank());
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void everyBundleCarriesTheLicenseAndTheNotice(BuiltJar bundle) throws IOException {
        assertThat(bundle.entry("META-INF/LICENSE")).hasValue(Files.readAllBytes(ROOT.resolve("LICENSE")));
        assertThat(bundle.entry("META-INF/NOTICE")).hasValue(Files.readAllBytes(ROOT.resolve("NOTICE")));
    }
}
