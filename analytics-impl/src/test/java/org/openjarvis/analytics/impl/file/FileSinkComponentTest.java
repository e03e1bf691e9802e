package org.openjarvis.analytics.impl.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openjarvis.analytics.impl.file.TestEvents.numbered;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.SinkStatus.Health;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.testing.AnnotationConfig;
import org.openjarvis.analytics.impl.testing.FakeBundleContext;
import org.openjarvis.analytics.impl.testing.RecordingLogger;

class FileSinkComponentTest {

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();

    private FileSinkComponent component(Map<String, Object> config, String home, Map<String, String> environment) {
        return new FileSinkComponent(AnnotationConfig.of(FileSinkConfiguration.class, config), home, log.logger(),
                null, environment, dir.resolve("user-home").toString());
    }

    private FileSinkComponent component(Map<String, Object> config) {
        return component(config, "", Map.of());
    }

    @Test
    void withoutConfigurationWritesToTheHomeFromTheAnalyticsPid() throws IOException {
        Path home = dir.resolve("jarvis-home");
        FileSinkComponent component = new FileSinkComponent(AnnotationConfig.defaults(FileSinkConfiguration.class),
                AnnotationConfig.of(FileSinkComponent.HomeProperty.class, Map.of("home", home.toString())),
                FakeBundleContext.withProperties(Map.of(OpenJarvisHome.PROPERTY, dir.resolve("launcher").toString())),
                log.logger());

        Path expected = home.resolve("analytics/events.jsonl");
        assertThat(component.path()).isEqualTo(expected);
        assertThat(log.lines()).containsExactly("INFO Analytics events are written to " + expected
                + " (rotated at 10485760 bytes, 5 old files kept)");

        component.deliver(numbered(1));
        component.deactivate();
        assertThat(Files.readAllLines(expected)).hasSize(1);
    }

    @Test
    void withoutAHomeInTheConfigurationWritesToTheFrameworkPropertysHome() {
        Path launcherHome = dir.resolve("launcher");
        FileSinkComponent component = new FileSinkComponent(AnnotationConfig.defaults(FileSinkConfiguration.class),
                AnnotationConfig.defaults(FileSinkComponent.HomeProperty.class),
                FakeBundleContext.withProperties(Map.of(OpenJarvisHome.PROPERTY, launcherHome.toString())),
                log.logger());

        assertThat(component.path()).isEqualTo(launcherHome.resolve("analytics/events.jsonl"));
        component.deactivate();
    }

    @Test
    void theHomeFallsBackToTheEnvironmentAndThenTheUserHome() {
        assertThat(component(Map.of(), "", Map.of("OPENJARVIS_HOME", dir.resolve("env-home").toString())).path())
                .isEqualTo(dir.resolve("env-home/analytics/events.jsonl"));
        assertThat(component(Map.of(), "", Map.of("XDG_DATA_HOME", dir.resolve("xdg").toString())).path())
                .isEqualTo(dir.resolve("xdg/openjarvis/analytics/events.jsonl"));
        assertThat(component(Map.of()).path()).isEqualTo(dir.resolve("user-home/.openjarvis/analytics/events.jsonl"));
    }

    @Test
    void anExplicitPathWinsOverTheHome() {
        Path explicit = dir.resolve("elsewhere/log.jsonl");

        FileSinkComponent component = component(Map.of("path", "  " + explicit + "  "),
                dir.resolve("jarvis-home").toString(), Map.of());

        assertThat(component.path()).isEqualTo(explicit);
    }

    @Test
    void aRelativePathIsUnderTheHomeAndTildeIsTheUserHome() {
        String home = dir.resolve("jarvis-home").toString();

        assertThat(component(Map.of("path", "logs/../custom/events.jsonl"), home, Map.of()).path())
                .isEqualTo(dir.resolve("jarvis-home/custom/events.jsonl"));
        assertThat(component(Map.of("path", "~/events.jsonl"), home, Map.of()).path())
                .isEqualTo(dir.resolve("user-home/events.jsonl"));
    }

    @Test
    void rotationSettingsAreCheckedWithClearMessages() {
        assertThatThrownBy(() -> component(Map.of("rotation.max.bytes", 1023L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.openjarvis.analytics.file: rotation.max.bytes must be at least 1024, but is 1023");
        assertThatThrownBy(() -> component(Map.of("rotation.keep", -1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.openjarvis.analytics.file: rotation.keep must be between 0 and 100, but is -1");
        assertThatThrownBy(() -> component(Map.of("rotation.keep", 101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.openjarvis.analytics.file: rotation.keep must be between 0 and 100, but is 101");

        Map<String, Object> limits = new HashMap<>();
        limits.put("rotation.max.bytes", 1024L);
        limits.put("rotation.keep", 0);
        component(limits);
        limits.put("rotation.keep", 100);
        component(limits);
        assertThat(log.lines()).hasSize(2).allMatch(line -> line.startsWith("INFO "));
    }

    @Test
    void anInvalidPathIsRejectedNamingThePidAndTheValue() throws IOException {
        assertThatThrownBy(() -> component(Map.of("path", "bad\u0000name")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "org.openjarvis.analytics.file: path is not a valid file path: \"bad\u0000name\"");

        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        assertThatThrownBy(() -> component(Map.of("path", directory.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.openjarvis.analytics.file: path must name a file, but \"" + directory
                        + "\" is a directory");
        assertThatThrownBy(() -> component(Map.of("path", "/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org.openjarvis.analytics.file: path must name a file");
    }

    @Test
    void logsAWriteFailureOnceAndTheRecoveryOnce() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocked"), "a file, not a directory");
        Path path = blocker.resolve("events.jsonl");
        FileSinkComponent component = component(Map.of("path", path.toString()));

        component.deliver(numbered(1));
        component.deliver(numbered(2));
        component.deliver(numbered(3));

        assertThat(component.status().health()).isEqualTo(Health.FAILING);
        assertThat(log.lines()).hasSize(2);
        assertThat(log.lines().get(1)).startsWith("WARN Analytics event log is failing, events are not written "
                + "until it recovers: cannot write " + path + ": ");

        Files.delete(blocker);
        component.deliver(numbered(4));
        component.deliver(numbered(5));

        assertThat(component.status().health()).isEqualTo(Health.OK);
        assertThat(log.lines()).hasSize(3);
        assertThat(log.lines().get(2)).isEqualTo("INFO Analytics event log recovered: writing to " + path + " again");
        assertThat(component.status().counters()).containsEntry("written", 2L).containsEntry("write_errors", 3L);
        component.deactivate();
    }

    @Test
    void deactivationClosesTheSink() throws IOException {
        Path path = dir.resolve("events.jsonl");
        FileSinkComponent component = component(Map.of("path", path.toString()));
        component.deliver(numbered(1));

        component.deactivate();
        component.deliver(numbered(2));

        assertThat(Files.readAllLines(path)).hasSize(1);
        assertThat(component.discardPending()).isZero();
    }
}
