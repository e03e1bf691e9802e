package org.openjarvis.analytics.impl.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Proves the conformance runner can fail: wrong, missing and empty vector files must not pass. */
class ConformanceSuiteTest {

    @TempDir
    Path directory;

    @Test
    void passesCorrectCasesAndFailsAWrongOneNamingItsInput() throws Exception {
        writeValidFiles();
        write("hash_id.json", "{\"cases\":[{\"input\":\"llama3.1:8b\",\"output\":\"8754b77c7eee26e4\"},"
                + "{\"input\":\"llama3.1:8b\",\"output\":\"0000000000000000\"}]}");

        Map<String, Throwable> outcomes = run(suite());

        assertThat(outcomes).containsKey("hash_id.json #0 \"llama3.1:8b\"");
        assertThat(outcomes.get("hash_id.json #0 \"llama3.1:8b\"")).isNull();
        assertThat(outcomes.get("hash_id.json #1 \"llama3.1:8b\""))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"input\":\"llama3.1:8b\"")
                .hasMessageContaining("0000000000000000");
        assertThat(outcomes.values().stream().filter(e -> e != null)).hasSize(1);
    }

    @Test
    void anIntegerIsNotAFloat() throws Exception {
        writeValidFiles();
        write("validate_event.json", "{\"cases\":[{\"event\":\"feedback_submitted\",\"input\":{\"rating\":5},"
                + "\"output\":{\"rating\":5.0}}]}");

        assertThat(run(suite()).get("validate_event.json #0 \"feedback_submitted\""))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void keyOrderMatters() throws Exception {
        writeValidFiles();
        write("redact.json", "{\"cases\":[{\"input\":{\"a\":1,\"b\":2},\"output\":{\"b\":2,\"a\":1}}]}");

        assertThat(run(suite()).get("redact.json #0 {\"a\":1,\"b\":2}")).isInstanceOf(AssertionError.class);
    }

    @Test
    void aMissingSupportedFileFails() throws Exception {
        writeValidFiles();
        Files.delete(directory.resolve("redact.json"));

        assertThat(run(suite()).get("redact.json")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void aFileWithNoCasesFails() throws Exception {
        writeValidFiles();
        write("looks_like_pii.json", "{\"cases\":[]}");

        assertThat(run(suite()).get("looks_like_pii.json")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("holds no cases");
    }

    @Test
    void aFileOfAKindThisBuildDoesNotRunFailsNamingIt() throws Exception {
        writeValidFiles();
        write("future.json", "{\"cases\":[{}]}");

        Map<String, Throwable> outcomes = run(suite());
        assertThat(outcomes.get("future.json (not run by this build)")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("future.json").hasMessageContaining("VectorKind");
        outcomes.forEach((name, thrown) -> assertThat(thrown == null || name.startsWith("future.json")).as(name)
                .isTrue());
    }

    @Test
    void theConfiguredDirectoryComesFromTheSystemProperty() {
        String previous = System.setProperty(ConformanceSuite.DIRECTORY_PROPERTY, directory.toString());
        try {
            // The directory is empty, so the first supported file fails, naming where it looked.
            assertThat(run(ConformanceSuite.configured()).get("hash_id.json"))
                    .hasMessageContaining(directory.resolve("hash_id.json").toString());
        } finally {
            if (previous == null) {
                System.clearProperty(ConformanceSuite.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(ConformanceSuite.DIRECTORY_PROPERTY, previous);
            }
        }
    }

    @Test
    void aRelativeDirectoryIsResolvedAgainstTheProjectRootNotTheModuleFolder() {
        Path root = directory.resolve("project");

        assertThat(ConformanceSuite.directory("../shared/conformance", root.toString()))
                .isEqualTo(directory.resolve("shared/conformance"));
        assertThat(ConformanceSuite.directory(directory.resolve("abs").toString(), root.toString()))
                .isEqualTo(directory.resolve("abs"));
        // Without a root (an IDE run), against the working directory, the module folder.
        assertThat(ConformanceSuite.directory("vectors", null)).isEqualTo(Path.of("vectors").toAbsolutePath());
    }

    private ConformanceSuite suite() {
        return new ConformanceSuite(directory, EnumSet.allOf(VectorKind.class));
    }

    private void writeValidFiles() throws IOException {
        write("hash_id.json", "{\"cases\":[{\"input\":\"llama3.1:8b\",\"output\":\"8754b77c7eee26e4\"}]}");
        write("looks_like_pii.json", "{\"cases\":[{\"input\":\"user@example.com\",\"output\":true}]}");
        write("redact.json", "{\"cases\":[{\"input\":{\"a\":1,\"b\":\"\"},\"output\":{\"a\":1}}]}");
        write("validate_event.json", "{\"cases\":[{\"event\":\"first_chat_sent\",\"input\":{},\"output\":{}}]}");
        write("aggregator.json", "{\"cases\":[{\"name\":\"quiet\",\"idle_timeout_s\":300,\"ops\":[],"
                + "\"output\":{\"captures\":[]}}]}");
        write("bridge.json", "{\"cases\":[{\"name\":\"quiet\",\"initial_state\":{\"first_chat_flag_exists\":false},"
                + "\"events\":[],\"output\":{\"captures\":[],\"first_chat_flag_exists\":false}}]}");
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(directory.resolve(name), json, StandardCharsets.UTF_8);
    }

    /** Executes every dynamic test; maps its display name to what it threw, or null if it passed. */
    private static Map<String, Throwable> run(ConformanceSuite suite) {
        Map<String, Throwable> outcomes = new LinkedHashMap<>();
        List<DynamicNode> pending = new ArrayList<>(suite.tests());
        while (!pending.isEmpty()) {
            DynamicNode node = pending.remove(0);
            if (node instanceof DynamicContainer) {
                ((DynamicContainer) node).getChildren().forEach(pending::add);
                continue;
            }
            Throwable thrown = null;
            try {
                ((DynamicTest) node).getExecutable().execute();
            } catch (Throwable e) {
                thrown = e;
            }
            outcomes.put(node.getDisplayName(), thrown);
        }
        return outcomes;
    }
}
