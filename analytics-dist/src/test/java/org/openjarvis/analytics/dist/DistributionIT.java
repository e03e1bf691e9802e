package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged distribution as a user would, {@code java -jar openjarvis-analytics.jar --home H --script S}
 * (with {@code --conf} where a test needs one), in a child JVM in an empty working directory, and reads what it left
 * in {@code H/analytics/events.jsonl}. Some tests drive the shell through its standard input instead.
 */
class DistributionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;
    private static final long SIGNAL_EXIT_SECONDS = 20;

    /** Logged by the service each time it applies a configuration with analytics on. */
    private static final String ENABLED_LINE = "Analytics enabled; anonymous id ";

    @TempDir
    Path work;

    private Path userHome;
    private Path workingDirectory;
    /** The child JVMs' java.io.tmpdir, where each keeps its framework storage. */
    private Path temporaryDirectory;
    /** Set by a test before it starts a child: more JVM options, more environment variables. */
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void createUserHomeAndWorkingDirectory() throws IOException {
        userHome = Files.createDirectories(work.resolve("user-home"));
        workingDirectory = Files.createDirectories(work.resolve("working-directory"));
    }

    @BeforeEach
    void createTemporaryDirectory() throws IOException {
        temporaryDirectory = Files.createDirectories(work.resolve("tmp"));
    }

    @AfterEach
    void nothingInTheUserHome() {
        assertThat(userHome).as("the child JVM's user.home").isEmptyDirectory();
    }

    // Exactly the documented command line: no --conf, so ./conf of an empty working directory, which is absent.
    @Test
    void aScriptOfBusEventsLeavesTheAggregatedEventsInTheLocalFile() throws Exception {
        Path home = work.resolve("home");
        Result result = launch("--home", home.toString(), "--script", script(
                "analytics:status",
                "analytics:publish org/openjarvis/core/INFERENCE_END session_id=s1 model=llama3.1:8b engine=ollama "
                        + "input_tokens=12 output_tokens=34 latency_ms=250.5",
                "analytics:publish org/openjarvis/core/TOOL_CALL_END session_id=s1 tool_name=calculator",
                "analytics:publish org/openjarvis/core/SESSION_END session_id=s1",
                "analytics:flush",
                "analytics:tail 3").toString());

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(workingDirectory).isEmptyDirectory();
        List<JsonNode> events = readEvents(home);
        assertThat(events).extracting(e -> e.get("event").textValue())
                .containsExactly("first_chat_sent", "tool_first_used", "chat_session_ended");
        String anonymousId = Files.readString(home.resolve("anon_id")).strip();
        for (JsonNode event : events) {
            assertThat(event.get("distinct_id").textValue()).isEqualTo(anonymousId);
            assertThat(event.get("uuid").textValue()).hasSize(36);
            assertThat(event.get("timestamp").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            // Each event names its catalogue, OpenJarvis's, after its own properties; the rest is the reference's.
            assertThat(fieldNames(event.get("properties"))).last().isEqualTo("$catalogue");
            assertThat(((ObjectNode) event.get("properties")).remove("$catalogue").textValue())
                    .matches("org\\.openjarvis\\.analytics\\.impl/\\d+\\.\\d+\\.\\d+(\\.\\w+)?");
        }
        assertThat(events.get(0).get("properties")).isEqualTo(JSON.valueToTree(Map.of())); // as the reference's bridge
        assertThat(events.get(1).get("properties")).isEqualTo(JSON.valueToTree(Map.of("tool_name", "calculator")));
        JsonNode session = events.get(2).get("properties");
        assertThat(fieldNames(session)).containsExactly("turn_count", "tokens_in", "tokens_out", "latency_ms_p50",
                "latency_ms_p95", "tool_count", "unique_tools", "unique_models", "error_count", "duration_ms",
                "model_hash", "engine");
        assertThat(session.get("turn_count").intValue()).isEqualTo(1);
        assertThat(session.get("tokens_in").intValue()).isEqualTo(12);
        assertThat(session.get("tokens_out").intValue()).isEqualTo(34);
        assertThat(session.get("latency_ms_p50").doubleValue()).isEqualTo(250.5);
        assertThat(session.get("latency_ms_p95").doubleValue()).isEqualTo(250.5);
        assertThat(session.get("tool_count").intValue()).isEqualTo(1);
        assertThat(session.get("unique_tools").intValue()).isEqualTo(1);
        assertThat(session.get("unique_models").intValue()).isEqualTo(1);
        assertThat(session.get("error_count").intValue()).isZero();
        assertThat(session.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(session.get("duration_ms").longValue()).isNotNegative();
        assertThat(session.get("model_hash").textValue()).isEqualTo("8754b77c7eee26e4");
        assertThat(session.get("engine").textValue()).isEqualTo("ollama");
        String status = result.output.substring(result.output.indexOf("Analytics:"),
                result.output.indexOf("> analytics:publish"));
        assertThat(status).contains("Analytics:    enabled")
                .contains("Anonymous id: " + anonymousId.substring(0, 8) + "\u2026").doesNotContain(anonymousId);
        assertThat(result.output).contains("\"event\":\"chat_session_ended\"");
        assertThat(home.resolve("first_chat_sent")).exists();
    }

    @Test
    void theDemoLeavesItsThreeEventsInTheFileAndInTail() throws Exception {
        Path home = work.resolve("home");
        Result result = launch("--home", home.toString(), "--script",
                script("analytics:demo", "analytics:tail").toString());

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(readEvents(home)).extracting(e -> e.get("event").textValue())
                .containsExactly("first_chat_sent", "tool_first_used", "chat_session_ended");
        assertThat(result.output.substring(result.output.indexOf("> analytics:tail"))).contains(
                "\"event\":\"first_chat_sent\"", "\"event\":\"tool_first_used\"",
                "\"event\":\"chat_session_ended\"");
    }

    @Test
    void consentOffInAConfFileCreatesNothing() throws Exception {
        Path home = work.resolve("home");
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("org.openjarvis.analytics.cfg"), "# analytics off\nenabled = false\n");

        Result result = run(home, conf,
                "analytics:publish org/openjarvis/core/INFERENCE_END session_id=s1 model=m",
                "analytics:capture feature_used feature_name=chat",
                "analytics:flush",
                "analytics:status");

        // The capture is refused, and says so: a script that captures while analytics is off fails.
        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("feature_used: DISABLED (analytics is off: configuration enabled=false)")
                .contains("disabled (configuration enabled=false)");
        assertThat(home.resolve("anon_id")).doesNotExist();
        assertThat(home.resolve("analytics/events.jsonl")).doesNotExist();
    }

    @Test
    void aFileSinkCfgAloneAppliesFromTheStart() throws Exception {
        Path home = work.resolve("home");
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("org.openjarvis.analytics.file.cfg"), "path = custom/events.jsonl\n");

        Result result = run(home, conf, "analytics:capture feature_used feature_name=chat", "analytics:flush");

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(home.resolve("custom/events.jsonl")).content().contains("\"event\":\"feature_used\"");
        assertThat(home.resolve("analytics")).doesNotExist();
    }

    @Test
    void aFailingCommandMakesTheExitStatusNonZeroButTheRestStillRuns() throws Exception {
        Path home = work.resolve("home");
        Result result = run(home, Files.createDirectories(work.resolve("empty-conf")),
                "analytics:flush not-a-number",
                "analytics:capture feature_used feature_name=chat",
                "analytics:flush");

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output.lines()).filteredOn(line -> line.contains("must be a whole number"))
                .containsExactly("analytics:flush: timeout must be a whole number from 1 to 86400000, "
                        + "got 'not-a-number'")
                .noneMatch(line -> line.contains("Exception"));
        assertThat(readEvents(home)).extracting(e -> e.get("event").textValue()).containsExactly("feature_used");
    }

    @Test
    void aPostHogCfgFileSendsTheEventsToThatHostToo() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer stub = batchStub(bodies);
        try {
            Path conf = Files.createDirectories(work.resolve("conf"));
            Files.writeString(conf.resolve("org.openjarvis.analytics.posthog-stub.cfg"),
                    "api.key = phc_dist_test_not_a_real_key\nhost = http://127.0.0.1:"
                            + stub.getAddress().getPort() + "\n");

            Result result = run(work.resolve("home"), conf,
                    "analytics:capture feature_used feature_name=chat",
                    "analytics:flush",
                    "analytics:status");

            assertThat(result.exitCode).as(result.output).isZero();
            assertThat(bodies).singleElement().asString().contains("\"feature_used\"")
                    .contains("\"api_key\":\"phc_dist_test_not_a_real_key\"");
            assertThat(result.output).contains("posthog~stub  OK").doesNotContain("phc_dist_test_not_a_real_key");
            assertThat(readEvents(work.resolve("home"))).hasSize(1);
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void sigtermWithStandardInputHeldOpenStopsWithinItsDeadlineAndDeliversEverything() throws Exception {
        Path home = work.resolve("home");
        Process distribution = start("--home", home.toString());
        try (OutputStream shell = distribution.getOutputStream()) { // open until the end: the shell keeps reading
            await(() -> log().contains("openjarvis-analytics: ready"), () -> "the distribution to start\n" + log());
            // A chat session still open: only the bridge's deactivation reports it.
            type(shell, "analytics:publish org/openjarvis/core/INFERENCE_END session_id=open model=m");
            type(shell, "analytics:capture feature_used feature_name=chat");
            await(() -> log().contains("feature_used: ACCEPTED"), () -> "the capture\n" + log());

            long start = System.nanoTime();
            distribution.destroy(); // SIGTERM on Linux and macOS

            assertThat(distribution.waitFor(SIGNAL_EXIT_SECONDS, TimeUnit.SECONDS)).as(log()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(SIGNAL_EXIT_SECONDS);
        }
        assertThat(distribution.exitValue()).as("128 + SIGTERM, the JVM's status once its hooks ran").isEqualTo(143);
        // Nothing was flushed before the signal: the shutdown hook's stop closed the session and wrote it all.
        assertThat(readEvents(home)).extracting(e -> e.get("event").textValue())
                .containsExactlyInAnyOrder("first_chat_sent", "feature_used", "chat_session_ended");
    }

    @Test
    void theAnalyticsMBeanIsOnThePlatformMBeanServerWithTheNumbersOfStatus() throws Exception {
        Path home = work.resolve("home");
        Process distribution = start("--home", home.toString());
        try (OutputStream shell = distribution.getOutputStream()) {
            await(() -> log().contains("openjarvis-analytics: ready"), () -> "the distribution to start\n" + log());
            type(shell, "analytics:capture feature_used feature_name=chat");
            type(shell, "analytics:capture no_such_event");
            type(shell, "analytics:flush");
            type(shell, "analytics:status");
            await(() -> log().contains("Counters:     "), () -> "the status\n" + log());
            assertThat(log()).as("only dynamic MBeans are registered").doesNotContain("platform MBean server");
            Map<String, Long> printed = new HashMap<>();
            for (String counter : log().lines().filter(line -> line.contains("Counters:     ")).findFirst()
                    .orElseThrow().replaceFirst(".*Counters: +", "").split(" ")) {
                printed.put(counter.substring(0, counter.indexOf('=')),
                        Long.parseLong(counter.substring(counter.indexOf('=') + 1)));
            }

            // Through the JDK's attach API, as jconsole or jcmd connects to a local JVM (loopback only).
            VirtualMachine jvm = VirtualMachine.attach(String.valueOf(distribution.pid()));
            String address;
            try {
                address = jvm.startLocalManagementAgent();
            } finally {
                jvm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName("org.openjarvis.analytics:type=Analytics");

                assertThat(server.getAttribute(name, "Enabled")).isEqualTo(true);
                assertThat(table(server.getAttribute(name, "Counters"))).isEqualTo(printed)
                        .containsEntry("captured", 1L).containsEntry("dropped_unknown_event", 1L);
                assertThat(server.getAttribute(name, "Health")).isEqualTo("OK");
                CompositeData[] sinks = (CompositeData[]) server.getAttribute(name, "Sinks");
                assertThat(sinks).extracting(sink -> sink.get("name"), sink -> sink.get("delivered"))
                        .containsExactly(tuple("file", 1L));
                assertThat((String) server.getAttribute(name, "AnonymousId")).endsWith("\u2026").hasSize(9);
            }
        }
        assertThat(distribution.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(log()).isTrue();
    }

    @Test
    void aBadCommandLineIsReportedInOneLineBeforeTheFrameworkStarts() throws Exception {
        Path home = work.resolve("home");
        Path missing = work.resolve("missing.gogo");

        Result noScript = launch("--home", home.toString(), "--script", missing.toString());
        Result notAConf = launch("--home", home.toString(), "--conf", missing.toString());
        Result unknown = launch("--bogus");
        Result help = launch("--help");

        assertThat(noScript.exitCode).isEqualTo(2);
        assertThat(noScript.output).isEqualTo("openjarvis-analytics: --script " + missing + " does not exist\n");
        assertThat(notAConf.exitCode).isEqualTo(2);
        assertThat(notAConf.output).isEqualTo("openjarvis-analytics: --conf " + missing + " does not exist\n");
        assertThat(home).doesNotExist();
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.output).startsWith("openjarvis-analytics: unknown option --bogus\nusage: ");
        assertThat(help.exitCode).isZero();
        assertThat(help.output).startsWith("usage: ").doesNotContain("openjarvis-analytics:");
    }

    @Test
    void aCfgFileAddedAndEditedWhileRunningKeepsEverythingInTheHome() throws Exception {
        Path home = work.resolve("home");
        Path conf = Files.createDirectories(work.resolve("conf"));
        Path cfg = conf.resolve("org.openjarvis.analytics.cfg");
        Process distribution = start("--home", home.toString(), "--conf", conf.toString());
        try (OutputStream shell = distribution.getOutputStream()) {
            await(() -> log().contains("openjarvis-analytics: ready"), () -> "the distribution to start\n" + log());
            String anonymousId = Files.readString(home.resolve("anon_id")).strip();

            // FileInstall replaces the configuration whole on each change: a home kept there would be dropped.
            replace(cfg, "session.tick.seconds = 10\n");
            await(() -> occurrences(log(), ENABLED_LINE) == 2, () -> "the added .cfg to apply\n" + log());
            replace(cfg, "session.tick.seconds = 20\nplatform = web\n");
            await(() -> occurrences(log(), ENABLED_LINE) == 3, () -> "the edited .cfg to apply\n" + log());
            type(shell, "analytics:publish org/openjarvis/core/INFERENCE_END session_id=s1 model=m");
            type(shell, "analytics:capture feature_used feature_name=chat");
            type(shell, "analytics:flush");
            type(shell, "analytics:status");
            await(() -> log().contains("Sinks:"), () -> "the status\n" + log());

            Path events = home.resolve("analytics/events.jsonl");
            assertThat(log()).contains("  file  OK  (" + events + ")").doesNotContain(userHome.toString());
            await(() -> lineCount(events) == 2, () -> "two events in " + events);
            // The published event reaches the service on the bridge's thread, so the capture may come first.
            assertThat(readEvents(home)).extracting(e -> e.get("event").textValue())
                    .containsExactlyInAnyOrder("first_chat_sent", "feature_used");
            assertThat(readEvents(home)).allSatisfy(e -> assertThat(e.get("distinct_id").textValue())
                    .isEqualTo(anonymousId));
            assertThat(home.resolve("first_chat_sent")).exists();
        } // end of input: the shell stops the framework
        assertThat(distribution.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(occurrences(log(), ENABLED_LINE + Files.readString(home.resolve("anon_id")).substring(0, 8)))
                .isEqualTo(3);
    }

    @Test
    void theFrameworkStorageIsOwnerOnlyWhileRunningAndGoneAfterEveryWayOfEnding() throws Exception {
        Path home = work.resolve("home");
        // A configuration, so that Config Admin writes its files into the storage.
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("org.openjarvis.analytics.file.cfg"), "rotation.keep = 3\n");
        Process endOfInput = start("--home", home.toString(), "--conf", conf.toString());
        Path storage;
        try (OutputStream shell = endOfInput.getOutputStream()) { // closed: what Ctrl-D does in a terminal
            await(() -> log().contains("openjarvis-analytics: ready"), () -> "the distribution to start\n" + log());
            storage = storageOf(endOfInput);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage))).isEqualTo("rwx------");
            assertThat(filesContaining(storage, "service.pid")).as("Config Admin's files are in there").isNotEmpty();
        }
        assertThat(endOfInput.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(endOfInput.exitValue()).isZero();
        assertThat(storage).doesNotExist();

        Result script = launch("--home", home.toString(), "--script", script("analytics:status").toString());
        assertThat(script.exitCode).as(script.output).isZero();
        assertThat(storages()).isEmpty();

        Process terminated = start("--home", home.toString());
        try (OutputStream shell = terminated.getOutputStream()) {
            await(() -> log().contains("openjarvis-analytics: ready"), () -> "the distribution to start\n" + log());
            assertThat(storageOf(terminated)).exists();
            terminated.destroy(); // SIGTERM: the shutdown hook
            assertThat(terminated.waitFor(SIGNAL_EXIT_SECONDS, TimeUnit.SECONDS)).as(log()).isTrue();
        }
        assertThat(terminated.exitValue()).isEqualTo(143);
        assertThat(storages()).isEmpty();
    }

    // Reading a secret file needs a charset: a wrong one makes the plugin's activator fail, after the storage exists.
    @Test
    void aFailureAfterTheStorageExistsIsOneLineWithItsCauseAndLeavesNoStorage() throws Exception {
        jvmOptions.add("-Dorg.apache.felix.configadmin.plugin.interpolation.file.encoding=no-such-charset");

        Result result = launch("--home", work.resolve("home").toString(), "--script",
                script("analytics:status").toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).matches("openjarvis-analytics: org\\.osgi\\.framework\\.BundleException: "
                + "Activator start error in bundle org\\.apache\\.felix\\.configadmin\\.plugin\\.interpolation "
                + "\\[\\d+\\]\\. \\(java\\.nio\\.charset\\.UnsupportedCharsetException: no-such-charset\\)\n");
        assertThat(storages()).isEmpty();
    }

    @Test
    void aPlatformMBeanServerThatCannotBeCreatedIsOneLineAndAnalyticsRunsWithoutIt() throws Exception {
        jvmOptions.add("-Djavax.management.builder.initial=no.such.Builder");

        Result result = launch("--home", work.resolve("home").toString(), "--script",
                script("analytics:capture feature_used feature_name=chat").toString());

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output.lines().filter(line -> line.contains("MBean"))).containsExactly(
                "openjarvis-analytics: nothing is on the platform MBean server: javax.management.JMRuntimeException: "
                        + "Failed to load MBeanServerBuilder class no.such.Builder: "
                        + "java.lang.ClassNotFoundException: no.such.Builder");
        assertThat(result.output).contains("feature_used: ACCEPTED").doesNotContain("\tat ");
    }

    @Test
    void aStorageLeftBySigkillIsRemovedAtTheNextStartButNeitherOneInUseNorAnotherUsers() throws Exception {
        Path theirs = Files.createDirectory(temporaryDirectory.resolve(FrameworkStorage.PREFIX + "-nobody"));
        Path theirLock = Files.writeString(theirs.resolve(FrameworkStorage.LOCK_FILE), "1\n");
        UserPrincipal nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.setOwner(theirLock, nobody);
            Files.setOwner(theirs, nobody);
        } catch (IOException e) {
            assumeTrue(false, "cannot give files to another user here (CI runs as root): " + e);
        }
        Path home = work.resolve("home");
        Process killed = startLogged("killed.log", "--home", home.toString());
        Path left;
        try (OutputStream shell = killed.getOutputStream()) {
            await(() -> log("killed.log").contains("openjarvis-analytics: ready"), () -> "the first start\n"
                    + log("killed.log"));
            left = storageOf(killed);
            killed.destroyForcibly(); // SIGKILL: no hook runs
            assertThat(killed.waitFor(SIGNAL_EXIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(left.resolve(FrameworkStorage.LOCK_FILE)).exists();

        Process running = startLogged("running.log", "--home", home.toString());
        try (OutputStream shell = running.getOutputStream()) {
            await(() -> log("running.log").contains("openjarvis-analytics: ready"), () -> "the second start\n"
                    + log("running.log"));
            assertThat(left).doesNotExist();
            assertThat(log("running.log")).containsOnlyOnce("[INFO] openjarvis-analytics: removed the framework "
                    + "storage " + left + " left by process " + killed.pid() + ", which ended without cleaning up")
                    .doesNotContain(theirs.toString());
            Path inUse = storageOf(running);

            Result meanwhile = launch("--home", home.toString(), "--script", script("analytics:status").toString());

            assertThat(meanwhile.exitCode).as(meanwhile.output).isZero();
            assertThat(meanwhile.output).doesNotContain(FrameworkStorage.PREFIX);
            assertThat(inUse.resolve(FrameworkStorage.LOCK_FILE)).hasContent(running.pid() + "\n");
            type(shell, "analytics:capture feature_used feature_name=chat");
            await(() -> log("running.log").contains("feature_used: ACCEPTED"), () -> "the capture\n"
                    + log("running.log"));
        }
        assertThat(running.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(log("running.log")).isTrue();
        assertThat(storages()).containsExactly(theirs);
        assertThat(Files.getOwner(theirs, LinkOption.NOFOLLOW_LINKS)).isEqualTo(nobody);
        assertThat(theirLock).hasContent("1\n");
    }

    @Test
    void bothPlaceholderFormsDeliverTheKeyWhileNoOtherFileHoldsIt() throws Exception {
        String envKey = "phc_dist_env_placeholder_not_a_real_key";
        String secretKey = "phc_dist_secret_placeholder_not_a_real_key";
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer stub = batchStub(bodies);
        try {
            Path conf = Files.createDirectories(work.resolve("conf"));
            String host = "host = http://127.0.0.1:" + stub.getAddress().getPort() + "\n";
            Files.writeString(conf.resolve("org.openjarvis.analytics.posthog-env.cfg"),
                    "api.key = $[env:POSTHOG_API_KEY]\n" + host);
            Files.writeString(conf.resolve("org.openjarvis.analytics.posthog-secret.cfg"),
                    "api.key = $[secret:posthog-api-key]\n" + host);
            // By default the secrets are read from --conf, as Karaf reads them from etc/.
            Path secret = Files.writeString(conf.resolve("posthog-api-key"), secretKey + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            environment.put("POSTHOG_API_KEY", envKey);
            Path home = work.resolve("home");

            Process distribution = start("--home", home.toString(), "--conf", conf.toString());
            try (OutputStream shell = distribution.getOutputStream()) {
                await(() -> log().contains("openjarvis-analytics: ready"), () -> "the distribution to start\n"
                        + log());
                type(shell, "analytics:capture feature_used feature_name=chat");
                type(shell, "analytics:flush");
                type(shell, "analytics:status");
                await(() -> bodies.size() == 2, () -> "one batch for each sink at the stub; got " + bodies);
                Path storage = storageOf(distribution);
                // Config Admin persists the placeholders, never what they stand for.
                assertThat(filesContaining(storage, "$[env:POSTHOG_API_KEY]")).hasSize(1);
                assertThat(filesContaining(storage, "$[secret:posthog-api-key]")).hasSize(1);
                assertThat(filesContaining(storage, envKey)).isEmpty();
                assertThat(filesContaining(storage, secretKey)).isEmpty();
            }
            assertThat(distribution.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(log()).isTrue();

            assertThat(bodies).anySatisfy(body -> assertThat(body).contains("\"api_key\":\"" + envKey + "\""))
                    .anySatisfy(body -> assertThat(body).contains("\"api_key\":\"" + secretKey + "\""))
                    .allSatisfy(body -> assertThat(body).contains("\"feature_used\""));
            assertThat(log()).contains("posthog~env  OK").contains("posthog~secret  OK").doesNotContain(envKey)
                    .doesNotContain(secretKey);
            for (Path place : List.of(conf, home, workingDirectory, userHome, temporaryDirectory)) {
                assertThat(filesContaining(place, envKey)).as(place.toString()).isEmpty();
                assertThat(filesContaining(place, secretKey)).as(place.toString())
                        .isEqualTo(place.equals(conf) ? List.of(secret) : List.of());
            }
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void aSecretsDirectoryGivenWithDIsUsedAndOneThatOthersMayWriteToStopsTheLaunch() throws Exception {
        String key = "phc_dist_secrets_dir_not_a_real_key";
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer stub = batchStub(bodies);
        try {
            Path secrets = Files.createDirectories(work.resolve("secrets"));
            Files.setPosixFilePermissions(Files.writeString(secrets.resolve("posthog-api-key"), key),
                    PosixFilePermissions.fromString("rw-------"));
            Path conf = Files.createDirectories(work.resolve("conf"));
            Files.writeString(conf.resolve("org.openjarvis.analytics.posthog-secret.cfg"),
                    "api.key = $[secret:posthog-api-key]\nhost = http://127.0.0.1:" + stub.getAddress().getPort()
                            + "\n");
            jvmOptions.add("-D" + SecretsDirectory.PROPERTY + "=" + secrets);
            Path home = work.resolve("home");

            Result used = run(home, conf, "analytics:capture feature_used feature_name=chat", "analytics:flush");

            assertThat(used.exitCode).as(used.output).isZero();
            assertThat(bodies).singleElement().asString().contains("\"api_key\":\"" + key + "\"");

            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxrwxrwx"));
            Result refused = run(home, conf, "analytics:status");

            assertThat(refused.exitCode).isEqualTo(2);
            assertThat(refused.output).isEqualTo("openjarvis-analytics: -D" + SecretsDirectory.PROPERTY + ": "
                    + secrets + " may be changed by other users (mode rwxrwxrwx); allow writing by its owner only, "
                    + "e.g. chmod go-w\n");
            assertThat(storages()).isEmpty();
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void aBadValueOfOurBundlesIsOneLineWithItsReasonAndNeverAStackTrace() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("org.openjarvis.analytics.posthog-bad.cfg"),
                "api.key = phc_dist_bad_batch_size_not_a_real_key\nbatch.size = 0\n");
        String line = "[ERROR] org.openjarvis.analytics.posthog: Configuration org.openjarvis.analytics.posthog~bad: "
                + "batch.size must be a whole number from 1 to 1000, got 0; no PostHog sink runs until the "
                + "configuration is fixed";

        Result plain = run(work.resolve("home"), conf, "analytics:status");

        assertThat(plain.exitCode).as(plain.output).isZero();
        assertThat(plain.output.lines().filter(l -> l.contains("batch.size"))).containsExactly(line);
        assertThat(plain.output).doesNotContain("\tat ").doesNotContain("phc_dist_bad_batch_size_not_a_real_key")
                .doesNotContain("Error during instantiation");

        // Asking for stack traces changes nothing here: a bad value is a message, not an exception.
        jvmOptions.add("-D" + ConsoleLog.STACK_TRACES + "=true");
        Result traced = run(work.resolve("home"), conf, "analytics:status");

        assertThat(traced.output.lines().filter(l -> l.contains("batch.size"))).containsExactly(line);
        assertThat(traced.output).doesNotContain("\tat org.openjarvis.analytics.");
    }

    private Result run(Path home, Path conf, String... scriptLines) throws IOException, InterruptedException {
        return launch("--home", home.toString(), "--conf", conf.toString(), "--script", script(scriptLines).toString());
    }

    private Path script(String... lines) throws IOException {
        return Files.write(work.resolve("script.gogo"), List.of(lines), StandardCharsets.UTF_8);
    }

    // Runs the distribution to its end with nothing on its standard input.
    private Result launch(String... arguments) throws IOException, InterruptedException {
        Process process = start(arguments);
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the distribution did not exit within " + TIMEOUT_SECONDS + " s:\n" + log());
        }
        return new Result(process.exitValue(), log());
    }

    /**
     * Starts the distribution in {@link #workingDirectory}, with its standard input on a pipe and its output in
     * {@link #log()}. Its user.home is a folder of this test, and the variables that would choose a home are unset:
     * whatever falls back to the default home lands there, where {@link #nothingInTheUserHome()} finds it.
     */
    private Process start(String... arguments) throws IOException {
        return startLogged("output.log", arguments);
    }

    /** As {@link #start(String...)}, with the output in {@code log(logName)}, for more than one child at a time. */
    private Process startLogged(String logName, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Duser.home=" + userHome, "-Djava.io.tmpdir=" + temporaryDirectory));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("distribution.jar")));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        for (String variable : List.of("DO_NOT_TRACK", "OPENJARVIS_NO_ANALYTICS", "OPENJARVIS_HOME", "XDG_DATA_HOME",
                "POSTHOG_API_KEY")) {
            builder.environment().remove(variable);
        }
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        return builder.start();
    }

    private String log() {
        return log("output.log");
    }

    private String log(String name) {
        try {
            return Files.readString(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void type(OutputStream shell, String line) throws IOException {
        shell.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        shell.flush();
    }

    // Complete from FileInstall's first look: it polls, and could otherwise read a half-written file.
    private void replace(Path file, String content) throws IOException {
        Path draft = Files.writeString(work.resolve(file.getFileName() + ".draft"), content);
        Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every framework storage (or anything named like one) in the children's temporary directory. */
    private List<Path> storages() throws IOException {
        try (Stream<Path> entries = Files.list(temporaryDirectory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(FrameworkStorage.PREFIX)).toList();
        }
    }

    /** The storage whose lock file names {@code process}. */
    private Path storageOf(Process process) throws IOException {
        for (Path storage : storages()) {
            Path lock = storage.resolve(FrameworkStorage.LOCK_FILE);
            if (Files.isReadable(lock) && Files.readString(lock).equals(process.pid() + "\n")) {
                return storage;
            }
        }
        throw new AssertionError("no framework storage of process " + process.pid() + " in " + storages());
    }

    /** The regular files under {@code root} that contain {@code text}. */
    private static List<Path> filesContaining(Path root, String text) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    return false; // removed while walking
                }
            }).toList();
        }
    }

    // A loopback PostHog that answers 200 and keeps each decompressed batch.
    private static HttpServer batchStub(List<String> bodies) throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/batch/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bodies.add(new String(new GZIPInputStream(new ByteArrayInputStream(body.readAllBytes()))
                        .readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        stub.start();
        return stub;
    }

    /** An MXBean's Map<String, Long>, as a JMX client receives it: a table of key and value rows. */
    private static Map<String, Long> table(Object tabular) {
        Map<String, Long> map = new HashMap<>();
        for (Object row : ((TabularData) tabular).values()) {
            CompositeData entry = (CompositeData) row;
            map.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return map;
    }

    private static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return -1; // not there yet
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static List<JsonNode> readEvents(Path home) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve("analytics/events.jsonl"), StandardCharsets.UTF_8)) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record Result(int exitCode, String output) {
    }
}
