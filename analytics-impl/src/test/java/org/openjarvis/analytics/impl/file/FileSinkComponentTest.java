package org.openjarvis.analytics.impl.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openjarvis.analytics.impl.file.TestEvents.numbered;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus.Health;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.testing.FakeBundleContext;
import org.openjarvis.analytics.impl.testing.FakeSettingsSource;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.osgi.service.component.ComponentConstants;

class FileSinkComponentTest {

    private static final int STOPPED = ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED;

    @TempDir
    Path dir;

    private static final String OFF = "the local event log is off until it is fixed";

    private final RecordingLogger log = new RecordingLogger();
    private final FakeBundleContext framework = new FakeBundleContext(Map.of());
    private FakeSettingsSource source = new FakeSettingsSource(); // the last component's

    private FileSinkComponent component(Map<String, Object> config, String home, Map<String, String> environment) {
        source = new FakeSettingsSource();
        source.change(Map.of("home", home));
        return new FileSinkComponent(config, source, framework.context(), log.logger(),
                new OpenJarvisHome(null, environment, dir.resolve("user-home").toString()));
    }

    private FileSinkComponent component(Map<String, Object> config) {
        return component(config, "", Map.of());
    }

    // The sink the component registered, as the dispatcher would see it.
    private static FileSink registeredSink(FakeBundleContext framework) {
        assertThat(framework.registered()).singleElement().satisfies(registered -> assertThat(
                registered.properties()).isEqualTo(Map.of(AnalyticsSink.NAME_PROPERTY, "file")));
        return (FileSink) framework.registered().get(0).service();
    }

    private FileSink sink() {
        return registeredSink(framework);
    }

    @Test
    void withoutConfigurationWritesToTheHomeFromTheAnalyticsPid() throws IOException {
        Path home = dir.resolve("jarvis-home");
        FakeBundleContext launched = new FakeBundleContext(Map.of(OpenJarvisHome.PROPERTY,
                dir.resolve("launcher").toString()));
        source.change(Map.of("home", home.toString()));
        FileSinkComponent component = new FileSinkComponent(Map.of(), source, launched.context(), log.logger());

        Path expected = home.resolve("analytics/events.jsonl");
        assertThat(registeredSink(launched).path()).isEqualTo(expected);
        assertThat(log.lines()).containsExactly("INFO Analytics events are written to " + expected
                + " (rotated at 10485760 bytes, 5 old files kept)");

        registeredSink(launched).deliver(numbered(1));
        component.deactivate(STOPPED);
        assertThat(Files.readAllLines(expected)).hasSize(1);
        assertThat(launched.registered()).isEmpty();
    }

    @Test
    void withoutAHomeInTheConfigurationWritesToTheFrameworkPropertysHome() {
        Path launcherHome = dir.resolve("launcher");
        FakeBundleContext launched = new FakeBundleContext(Map.of(OpenJarvisHome.PROPERTY, launcherHome.toString()));
        FileSinkComponent component = new FileSinkComponent(Map.of(), source, launched.context(), log.logger());

        assertThat(registeredSink(launched).path()).isEqualTo(launcherHome.resolve("analytics/events.jsonl"));
        component.deactivate(STOPPED);
    }

    @Test
    void theHomeFallsBackToTheEnvironmentAndThenTheUserHome() {
        component(Map.of(), "", Map.of("OPENJARVIS_HOME", dir.resolve("env-home").toString())).deactivate(STOPPED);
        component(Map.of(), "", Map.of("XDG_DATA_HOME", dir.resolve("xdg").toString())).deactivate(STOPPED);
        component(Map.of()).deactivate(STOPPED);

        assertThat(log.lines()).extracting(line -> line.substring(0, line.indexOf(" (rotated"))).containsExactly(
                "INFO Analytics events are written to " + dir.resolve("env-home/analytics/events.jsonl"),
                "INFO Analytics events are written to " + dir.resolve("xdg/openjarvis/analytics/events.jsonl"),
                "INFO Analytics events are written to " + dir.resolve("user-home/.openjarvis/analytics/events.jsonl"));
    }

    @Test
    void anExplicitPathWinsOverTheHome() {
        Path explicit = dir.resolve("elsewhere/log.jsonl");

        component(Map.of("path", "  " + explicit + "  "), dir.resolve("jarvis-home").toString(), Map.of());

        assertThat(sink().path()).isEqualTo(explicit);
    }

    @Test
    void aRelativePathIsUnderTheHomeAndTildeIsTheUserHome() {
        String home = dir.resolve("jarvis-home").toString();

        FileSinkComponent relative = component(Map.of("path", "logs/../custom/events.jsonl"), home, Map.of());
        assertThat(sink().path()).isEqualTo(dir.resolve("jarvis-home/custom/events.jsonl"));
        relative.deactivate(STOPPED);
        component(Map.of("path", "~/events.jsonl"), home, Map.of());
        assertThat(sink().path()).isEqualTo(dir.resolve("user-home/events.jsonl"));
    }

    @Test
    void rotationSettingsAreCheckedWithClearMessagesAndTheDefaultStaysInForce() {
        component(Map.of("rotation.max.bytes", 1023L)).deactivate(STOPPED);
        component(Map.of("rotation.keep", -1)).deactivate(STOPPED);
        component(Map.of("rotation.keep", "lots")).deactivate(STOPPED);
        component(Map.of("rotation.max.bytes", "12345678901234567890")).deactivate(STOPPED);

        assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR")).containsExactly(
                "ERROR Configuration org.openjarvis.analytics.file: rotation.max.bytes must be a whole number from "
                        + "1024 to 9223372036854775807, got 1023; keeping 10485760",
                "ERROR Configuration org.openjarvis.analytics.file: rotation.keep must be a whole number from 0 to "
                        + "100, got -1; keeping 5",
                "ERROR Configuration org.openjarvis.analytics.file: rotation.keep must be a whole number from 0 to "
                        + "100, got other text; keeping 5",
                "ERROR Configuration org.openjarvis.analytics.file: rotation.max.bytes must be a whole number from "
                        + "1024 to 9223372036854775807, got other text; keeping 10485760");
        assertThat(log.lines()).filteredOn(line -> line.startsWith("INFO")).hasSize(4)
                .allSatisfy(line -> assertThat(line).endsWith("(rotated at 10485760 bytes, 5 old files kept)"));

        Map<String, Object> limits = new HashMap<>();
        limits.put("rotation.max.bytes", "1024");
        limits.put("rotation.keep", 100);
        component(limits);
        assertThat(log.lines()).last().satisfies(line -> assertThat(line).endsWith(
                "(rotated at 1024 bytes, 100 old files kept)"));
    }

    @Test
    void anInvalidPathIsRejectedNamingThePidWithoutRepeatingIt() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));

        component(Map.of("path", "bad\u0000name"));
        component(Map.of("path", directory.toString()));
        component(Map.of("path", "/"));

        assertThat(framework.registered()).isEmpty();
        assertThat(log.lines()).containsExactly(
                "ERROR Configuration org.openjarvis.analytics.file: path is not a valid file path here (Nul "
                        + "character not allowed); " + OFF,
                "ERROR Configuration org.openjarvis.analytics.file: path must name a file, but " + directory
                        + " is a directory; " + OFF,
                "ERROR Configuration org.openjarvis.analytics.file: path must name a file, but it is a root "
                        + "directory; " + OFF);
    }

    @Test
    void aComponentStartedWithAnInvalidPathOpensTheSinkOnceItIsFixed() {
        FileSinkComponent component = component(Map.of("path", "/"), dir.toString(), Map.of());
        component.modified(Map.of("path", "bad\u0000name"));
        assertThat(framework.registered()).isEmpty();

        component.modified(Map.of());

        assertThat(sink().path()).isEqualTo(dir.resolve("analytics/events.jsonl"));
        component.deactivate(STOPPED);
    }

    @Test
    void aChangeThatResolvesToTheSameSettingsKeepsTheSinkAndItsCounters() {
        Path home = dir.resolve("jarvis-home");
        FileSinkComponent component = component(Map.of(), home.toString(), Map.of());
        FileSink sink = sink();
        sink.deliver(numbered(1));

        // What the service tells when enabled, session.tick.seconds or the like changed, and the file sink's
        // settings spelled differently.
        source.change(Map.of("home", home.toString(), "session.tick.seconds", 7L));
        source.change(Map.of("home", home + "/."));
        component.modified(Map.of("path", "analytics/../analytics/events.jsonl", "rotation.keep", "5"));

        assertThat(sink()).isSameAs(sink);
        assertThat(sink.status().counters()).containsEntry("received", 1L).containsEntry("written", 1L);
        assertThat(log.lines()).hasSize(1);
        sink.deliver(numbered(2));
        component.deactivate(STOPPED);
        assertThat(home.resolve("analytics/events.jsonl")).content().hasLineCount(2);
    }

    @Test
    void aNewPathOrRotationReplacesTheSinkAfterClosingTheOldOne() {
        Path home = dir.resolve("jarvis-home");
        FileSinkComponent component = component(Map.of(), home.toString(), Map.of());
        FileSink first = sink();
        first.deliver(numbered(1));

        source.change(Map.of("home", dir.resolve("moved").toString()));
        FileSink second = sink();
        component.modified(Map.of("rotation.keep", 2));
        FileSink third = sink();

        assertThat(second).isNotSameAs(first);
        assertThat(third).isNotSameAs(second);
        assertThat(third.path()).isEqualTo(dir.resolve("moved/analytics/events.jsonl"));
        first.deliver(numbered(2)); // a dispatcher thread that outlived the binding: counted, not written
        assertThat(first.status().counters()).containsEntry("written", 1L).containsEntry("dropped_closed", 1L);
        assertThat(log.lines()).hasSize(3);
        assertThat(log.lines().get(2)).endsWith("(rotated at 10485760 bytes, 2 old files kept)");
        component.deactivate(STOPPED);
        assertThat(framework.registered()).isEmpty();
    }

    @Test
    void aRefusedChangeLeavesTheSinkAsItWas() {
        Path home = dir.resolve("jarvis-home");
        FileSinkComponent component = component(Map.of(), home.toString(), Map.of());
        FileSink sink = sink();

        component.modified(Map.of("rotation.keep", -1, "path", "bad\u0000name"));

        assertThat(log.lines().subList(1, 3)).containsExactly("ERROR Configuration org.openjarvis.analytics.file: "
                + "rotation.keep must be a whole number from 0 to 100, got -1; keeping 5", "ERROR Configuration "
                + "org.openjarvis.analytics.file: path is not a valid file path here (Nul character not allowed); "
                + "keeping " + home.resolve("analytics/events.jsonl"));
        assertThat(sink()).isSameAs(sink);
        sink.deliver(numbered(1));
        assertThat(home.resolve("analytics/events.jsonl")).content().hasLineCount(1);
        component.deactivate(STOPPED);
    }

    @Test
    void logsAWriteFailureOnceAndTheRecoveryOnce() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocked"), "a file, not a directory");
        Path path = blocker.resolve("events.jsonl");
        FileSinkComponent component = component(Map.of("path", path.toString()));
        FileSink sink = sink();

        sink.deliver(numbered(1));
        sink.deliver(numbered(2));
        sink.deliver(numbered(3));

        assertThat(sink.status().health()).isEqualTo(Health.FAILING);
        assertThat(log.lines()).hasSize(2);
        assertThat(log.lines().get(1)).startsWith("WARN Analytics event log is failing, events are not written "
                + "until it recovers: cannot write " + path + ": ");

        Files.delete(blocker);
        sink.deliver(numbered(4));
        sink.deliver(numbered(5));

        assertThat(sink.status().health()).isEqualTo(Health.OK);
        assertThat(log.lines()).hasSize(3);
        assertThat(log.lines().get(2)).isEqualTo("INFO Analytics event log recovered: writing to " + path + " again");
        assertThat(sink.status().counters()).containsEntry("written", 2L).containsEntry("dropped_write_error", 3L);
        component.deactivate(STOPPED);
    }

    @ParameterizedTest
    @ValueSource(ints = {ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED,
            ComponentConstants.DEACTIVATION_REASON_REFERENCE, ComponentConstants.DEACTIVATION_REASON_DISPOSED})
    void stoppingHasTheServiceHandOverWhileTheSinkIsStillRegistered(int reason) {
        FileSinkComponent component = component(Map.of());
        List<String> told = new CopyOnWriteArrayList<>();
        source.subscribe(handOverRecorder(told));

        component.deactivate(reason);

        assertThat(told).containsExactly("drain while registered", "report while registered");
        assertThat(framework.registered()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {ComponentConstants.DEACTIVATION_REASON_DISABLED,
            ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_MODIFIED,
            ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED})
    void disablingOnlyTheFileSinkEndsNoSession(int reason) {
        FileSinkComponent component = component(Map.of());
        List<String> told = new CopyOnWriteArrayList<>();
        source.subscribe(handOverRecorder(told));

        component.deactivate(reason);

        assertThat(told).isEmpty();
        assertThat(framework.registered()).isEmpty();
    }

    // A listener that records each hand-over step and whether the file sink was registered at that moment.
    private AnalyticsSettingsSource.Listener handOverRecorder(List<String> told) {
        return new AnalyticsSettingsSource.Listener() {
            @Override
            public void settingsChanged(AnalyticsSettings settings) {
            }

            @Override
            public void consentWithdrawn() {
            }

            @Override
            public void consentGranted() {
            }

            @Override
            public void drainQueued(Deadline deadline) {
                told.add("drain while " + (framework.registered().isEmpty() ? "unregistered" : "registered"));
            }

            @Override
            public void reportOpen() {
                told.add("report while " + (framework.registered().isEmpty() ? "unregistered" : "registered"));
            }
        };
    }

    @Test
    void deactivationUnregistersAndClosesTheSink() throws IOException {
        Path path = dir.resolve("events.jsonl");
        FileSinkComponent component = component(Map.of("path", path.toString()));
        FileSink sink = sink();
        sink.deliver(numbered(1));

        component.deactivate(STOPPED);
        sink.deliver(numbered(2));

        assertThat(framework.registered()).isEmpty();
        assertThat(Files.readAllLines(path)).hasSize(1);
        assertThat(sink.discardPending()).isZero();
    }
}
