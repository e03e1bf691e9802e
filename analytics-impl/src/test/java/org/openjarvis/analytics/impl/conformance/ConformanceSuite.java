package org.openjarvis.analytics.impl.conformance;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * Turns a directory of conformance vectors into JUnit dynamic tests: one container per file, one test per case.
 *
 * <ul>
 * <li>A supported file that is missing, unreadable or holds zero cases is a failing test.</li>
 * <li>A {@code .json} file this build does not know is a failing test: a new reference file cannot go unrun.</li>
 * <li>A failing case names its index and input.</li>
 * </ul>
 */
final class ConformanceSuite {

    /** System property that overrides the vector directory ({@code mvn -B test -Dconformance.dir=DIR}). */
    static final String DIRECTORY_PROPERTY = "conformance.dir";
    /** System property naming the project root, which a relative {@value #DIRECTORY_PROPERTY} is resolved against. */
    static final String ROOT_PROPERTY = "conformance.root";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Set<VectorKind> supported;

    ConformanceSuite(Path directory, Set<VectorKind> supported) {
        this.directory = directory;
        this.supported = supported;
    }

    /** The suite over the configured directory, with every vector kind this build supports. */
    static ConformanceSuite configured() {
        return new ConformanceSuite(directory(System.getProperty(DIRECTORY_PROPERTY),
                System.getProperty(ROOT_PROPERTY)), EnumSet.allOf(VectorKind.class));
    }

    /**
     * The vector directory: {@code configured}, resolved against {@code root} if relative. Surefire runs in the
     * module folder, but a user who types {@code -Dconformance.dir=../x} at the project root means the root's
     * {@code ../x}. Without a root (an IDE run) the working directory is used.
     */
    static Path directory(String configured, String root) {
        if (configured == null || configured.isBlank()) {
            // Outside Maven (an IDE run from the module folder) fall back to the layout next to the project root.
            return Path.of("..", "..", "shared", "conformance").toAbsolutePath().normalize();
        }
        Path base = root == null || root.isBlank() ? Path.of("") : Path.of(root);
        return base.toAbsolutePath().resolve(configured).normalize();
    }

    List<DynamicNode> tests() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (VectorKind kind : supported) {
            nodes.add(testsFor(kind));
        }
        for (String unknown : unsupportedFiles()) {
            nodes.add(dynamicTest(unknown + " (not run by this build)", () -> Assertions.fail(unknown + " in "
                    + directory + " is a kind of vector this build does not run: add it to VectorKind")));
        }
        return nodes;
    }

    private DynamicNode testsFor(VectorKind kind) {
        Path file = directory.resolve(kind.fileName());
        JsonNode cases;
        try {
            cases = JSON.readTree(file.toFile()).get("cases");
        } catch (IOException e) {
            return failure(kind, "cannot read " + file + ": " + e);
        }
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            return failure(kind, file + " holds no cases");
        }
        List<DynamicNode> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode testCase = cases.get(i);
            String label = kind.fileName() + " #" + i + " " + JsonValues.describe(summary(testCase), 60);
            tests.add(dynamicTest(label, () -> check(kind, testCase, label)));
        }
        return dynamicContainer(kind.fileName() + " (" + cases.size() + " cases)", tests);
    }

    // Scenario files name their cases; the others are best recognised by their event or input.
    private static JsonNode summary(JsonNode testCase) {
        for (String field : new String[] {"name", "event", "input"}) {
            if (testCase.has(field)) {
                return testCase.get(field);
            }
        }
        return testCase;
    }

    private static void check(VectorKind kind, JsonNode testCase, String label) {
        try {
            kind.check(testCase);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionFailedError(label + " failed.\n  case: " + JsonValues.describe(testCase, 2000)
                    + "\n  " + e.getMessage(), e);
        }
    }

    private static DynamicNode failure(VectorKind kind, String message) {
        return dynamicTest(kind.fileName(), () -> Assertions.fail(message));
    }

    private Set<String> unsupportedFiles() {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                names.add(file.getFileName().toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + directory, e);
        }
        for (VectorKind kind : supported) {
            names.remove(kind.fileName());
        }
        return names;
    }
}
