package org.openjarvis.analytics.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.version.Version;
import aQute.bnd.version.VersionRange;

/**
 * The lowest version of a library that a bundle imports is the lowest its code needs, so that a framework that
 * already has an older one (a Karaf with Decanter's Jackson, say) shares it instead of installing a second copy.
 *
 * <p>For Jackson and OkHttp the build compiles against newer versions than the floors its bnd.bnd files declare, so
 * the floor is proven here: the bundle's sources compile against jackson-core (and OkHttp) at the floor, and, for
 * Jackson, not against the release before it. The OSGi APIs are compiled against at their floors by the build
 * itself (root pom); the manifest checks below keep those floors from rising unnoticed.
 */
class ImportFloorsTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root"));
    private static final Path ARTIFACTS = Path.of(System.getProperty("artifacts.dir"));
    private static final Path FLOORS = Path.of(System.getProperty("floors.dir"));

    @TempDir
    Path classes;

    @Test
    void theImplementationImportsJacksonFromItsFloor() {
        assertThat(floors(bundle("analytics-impl"), "com.fasterxml.jackson.")).isNotEmpty()
                .allSatisfy((name, floor) -> assertThat(floor).isEqualTo(property("jackson.floor.impl")));
    }

    @Test
    void theImplementationCompilesAgainstJacksonAtItsFloor() throws IOException {
        assertThat(compile("analytics-impl", jacksonCore("jackson.floor.impl"))).isEmpty();
    }

    @Test
    void theImplementationDoesNotCompileAgainstTheJacksonReleaseBeforeItsFloor() throws IOException {
        assertThat(compile("analytics-impl", jacksonCore("jackson.below.floor.impl")))
                .anySatisfy(error -> assertThat(error).contains("cannot find symbol"));
    }

    @Test
    void thePostHogSinkImportsJacksonAndOkHttpFromTheirFloors() {
        BuiltJar posthog = bundle("analytics-posthog");

        assertThat(floors(posthog, "com.fasterxml.jackson.")).isNotEmpty()
                .allSatisfy((name, floor) -> assertThat(floor).isEqualTo(property("jackson.floor.posthog")));
        assertThat(floors(posthog, "okhttp3")).containsOnly(Map.entry("okhttp3", property("okhttp.floor")));
        assertThat(floors(posthog, "okio")).as("Okio is OkHttp's import, not the sink's").isEmpty();
        assertThat(floors(posthog, "kotlin")).as("Kotlin is OkHttp's import, not the sink's").isEmpty();
    }

    @Test
    void thePostHogSinkCompilesAgainstJacksonAndOkHttpAtTheirFloors() throws IOException {
        assertThat(compile("analytics-posthog", jacksonCore("jackson.floor.posthog"),
                FLOORS.resolve("okhttp-jvm-" + System.getProperty("okhttp.floor") + ".jar"))).isEmpty();
    }

    @Test
    void thePostHogSinkDoesNotCompileAgainstTheJacksonReleaseBeforeItsFloor() throws IOException {
        assertThat(compile("analytics-posthog", jacksonCore("jackson.below.floor.posthog"),
                FLOORS.resolve("okhttp-jvm-" + System.getProperty("okhttp.floor") + ".jar")))
                .anySatisfy(error -> assertThat(error).contains("cannot find symbol"));
    }

    /** Framework 1.8 is R6; nothing in the code needs R7's 1.9 or R8's 1.10. */
    @Test
    void theBundlesImportTheFrameworkApiFromR6() {
        for (String artifact : List.of("analytics-impl", "analytics-posthog")) {
            assertThat(floors(bundle(artifact), "org.osgi.framework")).as(artifact)
                    .containsEntry("org.osgi.framework", "1.8.0");
        }
    }

    /** Log 1.4 (R7) is the first with the {@code Logger} the components are injected with; 1.5 adds nothing used. */
    @Test
    void theBundlesImportTheLogApiFromR7() {
        for (String artifact : List.of("analytics-impl", "analytics-posthog")) {
            assertThat(floors(bundle(artifact), "org.osgi.service.log")).as(artifact)
                    .containsOnly(Map.entry("org.osgi.service.log", "1.4.0"));
        }
    }

    /** DS 1.4 (R7) is the first with constructor injection and {@code Logger} references; 1.5 adds nothing used. */
    @Test
    void theBundlesRequireDeclarativeServicesFromR7() {
        for (String artifact : List.of("analytics-impl", "analytics-posthog", "analytics-example")) {
            assertThat(extenderFloor(bundle(artifact), "osgi.component")).as(artifact).isEqualTo("1.4.0");
        }
    }

    /**
     * The implementation enables its optional components (the Gogo functions outside Karaf, the Inventory printer,
     * the health check) through {@code ComponentContext}, which DS 1.0 has: its import of the DS API stays at R7's
     * 1.4, beside the extender requirement, not at the 1.5 the runtime bundles ship.
     */
    @Test
    void theImplementationImportsTheDeclarativeServicesApiFromR7() {
        assertThat(floors(bundle("analytics-impl"), "org.osgi.service.component"))
                .containsOnly(Map.entry("org.osgi.service.component", "1.4.0"));
    }

    /** Without Gogo, Karaf's shell, Felix Inventory or the Health Check API, the implementation still resolves. */
    @Test
    void theImplementationImportsItsOptionalIntegrationsOptionally() {
        Parameters imports = bundle("analytics-impl").clauses("Import-Package");
        for (String optional : List.of("org.apache.felix.service.command", "org.apache.felix.inventory",
                "org.apache.felix.hc.api", "org.apache.karaf.shell.api.action", "org.apache.karaf.shell.api.console")) {
            assertThat(imports.get(optional)).as(optional).isNotNull();
            assertThat(imports.get(optional).get("resolution:")).as(optional).isEqualTo("optional");
        }
    }

    private List<String> compile(String module, Path... floorJars) throws IOException {
        List<Path> classpath = new ArrayList<>(List.of(floorJars));
        for (String entry : Files.readString(FLOORS.resolve("classpath.txt")).trim().split(File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        return SourceCompiler.errors(ROOT.resolve(module).resolve("src/main/java"), classpath, classes);
    }

    private static Path jacksonCore(String versionProperty) {
        return FLOORS.resolve("jackson-core-" + System.getProperty(versionProperty) + ".jar");
    }

    private static BuiltJar bundle(String artifactId) {
        return BuiltJar.artifact(ARTIFACTS, artifactId);
    }

    private static String property(String name) {
        return Version.parseVersion(System.getProperty(name)).toString();
    }

    /** Each imported package whose name starts with {@code prefix}, with the lowest version its range admits. */
    private static Map<String, String> floors(BuiltJar bundle, String prefix) {
        Map<String, String> floors = new TreeMap<>();
        Parameters imports = bundle.clauses("Import-Package");
        for (Map.Entry<String, Attrs> clause : imports.entrySet()) {
            String name = withoutDuplicateMarker(clause.getKey());
            if (name.startsWith(prefix)) {
                String range = clause.getValue().get("version");
                floors.put(name, range == null ? "0.0.0" : new VersionRange(range).getLow().toString());
            }
        }
        return floors;
    }

    /** bnd's parser marks a repeated clause name with trailing {@code ~}. */
    private static String withoutDuplicateMarker(String name) {
        return name.replaceAll("~+$", "");
    }

    private static final Pattern LOW_VERSION = Pattern.compile("\\(version>=([0-9.]+)\\)");

    /** The lowest version of an {@code osgi.extender} the bundle requires. */
    private static String extenderFloor(BuiltJar bundle, String extender) {
        for (Map.Entry<String, Attrs> clause : bundle.clauses("Require-Capability").entrySet()) {
            String filter = clause.getValue().get("filter:");
            if (withoutDuplicateMarker(clause.getKey()).equals("osgi.extender") && filter != null
                    && filter.contains("(osgi.extender=" + extender + ")")) {
                Matcher low = LOW_VERSION.matcher(filter);
                return low.find() ? low.group(1) : "none";
            }
        }
        return "no requirement";
    }
}
