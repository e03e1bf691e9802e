package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution across restarts with the same home. Killed with SIGKILL while PostHog is unreachable, then started
 * again with it reachable: every event that was in the spool arrives exactly once, and a corrupt or half-written spool
 * file is skipped with a log line. An opt-out, by the environment or by {@code analytics:disable}, holds across
 * restarts, and nothing kept from before it is ever sent. The shell is driven through its standard input, so the JVM
 * is still running when it is killed.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 20;
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path work;

    @Test
    void spooledEventsSurviveSigkillAndArriveExactlyOnce() throws Exception {
        int port = freePort(); // nothing listens there until the second run
        Path home = work.resolve("home");
        Path conf = posthogConf(port, work.resolve("spool"));
        Path sinkSpool = work.resolve("spool/posthog~crash");

        // First run: the host is down; every batch fails once and is spooled. Then SIGKILL, no clean shutdown.
        Process first = start(home, conf, "first.log");
        try (OutputStream shell = first.getOutputStream()) {
            awaitSinkBound("first.log");
            for (int i = 0; i < EVENTS; i++) {
                type(shell, "analytics:capture feature_used feature_name=chat");
            }
            type(shell, "analytics:flush");
            await(() -> spooledUuids(sinkSpool).size() == EVENTS, () -> "all events spooled; spool holds "
                    + spooledUuids(sinkSpool).size() + "\n" + log("first.log"));
            first.destroyForcibly(); // SIGKILL on Linux and macOS
            assertThat(first.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        List<String> spooled = spooledUuids(sinkSpool);
        assertThat(spooled).doesNotHaveDuplicates().hasSize(EVENTS);

        // What a crash in the middle of writing, a damaged disk or a stray file leaves behind.
        Files.writeString(sinkSpool.resolve("0000000000000009999.jsonl"), "{\"uuid\":\"truncated");
        Files.writeString(sinkSpool.resolve("0000000000000010000.jsonl.tmp"), "{\"uuid\":\"half-written\"}\n");
        Files.writeString(sinkSpool.resolve("9999999999999999999.jsonl"), "{\"uuid\":\"out-of-range\"}\n");

        // Second run: the host is up. One live event goes through first, then the spool is sent.
        Map<String, Integer> received = new ConcurrentHashMap<>();
        HttpServer stub = stub(port, received);
        try {
            Process second = start(home, conf, "second.log");
            try (OutputStream shell = second.getOutputStream()) {
                awaitSinkBound("second.log");
                type(shell, "analytics:capture feature_used feature_name=voice");
                type(shell, "analytics:flush");
                await(() -> received.keySet().containsAll(spooled) && received.size() == EVENTS + 1,
                        () -> "the spool and the live event at the stub; received " + received.size() + "\n"
                                + log("second.log"));
                await(() -> Collections.disjoint(spooledUuids(sinkSpool), spooled), () -> "the first run's files "
                        + "to leave the spool");
            } // end of input: the shell stops the framework cleanly
            assertThat(second.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as(log("second.log")).isTrue();
        } finally {
            stub.stop(0);
        }

        assertThat(received).allSatisfy((uuid, times) -> assertThat(times).as(uuid).isEqualTo(1));
        assertThat(log("second.log")).contains("Skipped the corrupt spooled PostHog batch")
                .contains("0000000000000009999.jsonl").contains("Ignored").contains("9999999999999999999.jsonl")
                .doesNotContain("phc_crash_test_not_a_real_key").doesNotContain("Exception in thread")
                .contains("openjarvis-analytics: removed the framework storage " + work.resolve("tmp"));
        try (Stream<Path> left = Files.list(work.resolve("tmp"))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith(FrameworkStorage.PREFIX))).isEmpty();
        }
        assertThat(sinkSpool.resolve("0000000000000009999.jsonl.corrupt")).exists();
    }

    @Test
    void aSpoolWrittenBeforeAnEnvironmentOptOutIsDiscardedAtTheNextStartAndNeverSent() throws Exception {
        int port = freePort();
        Path home = work.resolve("home");
        Path conf = posthogConf(port, work.resolve("spool"));
        Path sinkSpool = work.resolve("spool/posthog~crash");

        // A: the host is down; five events are spooled, and a clean stop keeps them.
        Process a = start(home, conf, "a.log", Map.of());
        try (OutputStream shell = a.getOutputStream()) {
            awaitSinkBound("a.log");
            for (int i = 0; i < 5; i++) {
                type(shell, "analytics:capture feature_used feature_name=chat");
            }
            type(shell, "analytics:flush");
            await(() -> spooledUuids(sinkSpool).size() == 5, () -> "five events spooled\n" + log("a.log"));
        }
        assertThat(a.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as(log("a.log")).isTrue();
        List<String> spooled = spooledUuids(sinkSpool);

        // B: started with an environment opt-out, the spool is discarded as soon as the sink is bound.
        Process b = start(home, conf, "b.log", Map.of("DO_NOT_TRACK", "1"));
        try (OutputStream shell = b.getOutputStream()) {
            await(() -> log("b.log").contains("Analytics is off: sink posthog~crash discarded 5 events it had kept "
                    + "from before"), () -> "the spool to be discarded\n" + log("b.log"));
        }
        assertThat(b.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as(log("b.log")).isTrue();
        assertThat(spooledUuids(sinkSpool)).isEmpty();

        // C: consent again, the host up: only what is captured now is sent.
        Map<String, Integer> received = new ConcurrentHashMap<>();
        HttpServer stub = stub(port, received);
        try {
            Process c = start(home, conf, "c.log", Map.of());
            try (OutputStream shell = c.getOutputStream()) {
                awaitSinkBound("c.log");
                type(shell, "analytics:capture feature_used feature_name=voice");
                type(shell, "analytics:flush");
                await(() -> received.size() == 1, () -> "the live event at the stub\n" + log("c.log"));
            }
            assertThat(c.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as(log("c.log")).isTrue();
        } finally {
            stub.stop(0);
        }
        assertThat(received.keySet()).doesNotContainAnyElementsOf(spooled);
    }

    @Test
    void analyticsDisableLastsAcrossRestartsAndEnableSaysWhenTheEnvironmentStillWins() throws Exception {
        Path home = work.resolve("home");
        Path conf = Files.createDirectories(work.resolve("conf"));

        assertThat(runScript(home, conf, "disable.log", Map.of(), "analytics:disable")).as(log("disable.log"))
                .isZero();
        Path record = home.resolve("analytics_opt_out");
        assertThat(log("disable.log")).contains("analytics disabled (turned off with analytics:disable (" + record
                + "))");

        assertThat(runScript(home, conf, "restarted.log", Map.of(), "analytics:status",
                "analytics:capture feature_used feature_name=chat")).as(log("restarted.log")).isEqualTo(1);
        assertThat(log("restarted.log")).contains("Analytics disabled: turned off with analytics:disable")
                .contains("feature_used: DISABLED").doesNotContain("Analytics enabled");
        assertThat(home.resolve("analytics/events.jsonl")).doesNotExist();

        assertThat(runScript(home, conf, "env.log", Map.of("DO_NOT_TRACK", "1"), "analytics:enable"))
                .as(log("env.log")).isEqualTo(1);
        assertThat(log("env.log")).contains("analytics stays off: environment variable DO_NOT_TRACK=1 is set; the "
                + "environment wins over analytics:enable");

        assertThat(runScript(home, conf, "enabled.log", Map.of(), "analytics:capture feature_used "
                + "feature_name=chat")).as(log("enabled.log")).isZero();
        assertThat(record).doesNotExist();
    }

    // Events captured before the PostHog sink is bound go to the file sink only.
    private void awaitSinkBound(String logName) throws InterruptedException {
        await(() -> log(logName).contains("Analytics sink bound: posthog~crash"), () -> "the PostHog sink\n"
                + log(logName));
    }

    private Process start(Path home, Path conf, String logName) throws IOException {
        return start(home, conf, logName, Map.of());
    }

    // The distribution with exactly the given opt-out variables, whatever the build's environment holds.
    private Process start(Path home, Path conf, String logName, Map<String, String> environment, String... options)
            throws IOException {
        // Its own temporary directory: a SIGKILL leaves the framework storage there, for the next run to remove.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")), "-jar",
                System.getProperty("distribution.jar"), "--home", home.toString(), "--conf", conf.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("DO_NOT_TRACK");
        builder.environment().remove("OPENJARVIS_NO_ANALYTICS");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile());
        return builder.start();
    }

    // Runs the lines as a --script; returns the exit status.
    private int runScript(Path home, Path conf, String logName, Map<String, String> environment, String... lines)
            throws IOException, InterruptedException {
        Path script = Files.writeString(work.resolve(logName + ".script"), String.join("\n", lines) + "\n");
        Process process = start(home, conf, logName, environment, "--script", script.toString());
        assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as(log(logName)).isTrue();
        return process.exitValue();
    }

    private Path posthogConf(int port, Path spool) throws IOException {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("org.openjarvis.analytics.posthog-crash.cfg"), String.join("\n",
                "api.key = phc_crash_test_not_a_real_key", "host = http://127.0.0.1:" + port, "max.attempts = 1",
                "flush.interval.ms = 200", "spool.dir = " + spool, ""));
        return conf;
    }

    // A loopback port nothing listens on (until a stub is started there).
    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    private static void type(OutputStream shell, String line) throws IOException {
        shell.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        shell.flush();
    }

    // The uuids in the spool's batch files (not the temporary or corrupt ones).
    private static List<String> spooledUuids(Path directory) {
        List<String> uuids = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return uuids;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d{19}\\.jsonl")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    uuids.add(JSON.readTree(line).get("uuid").textValue());
                }
            }
        } catch (IOException e) {
            // A file renamed or deleted while listed: the caller polls again.
        }
        return uuids;
    }

    private static HttpServer stub(int port, Map<String, Integer> received) throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        stub.createContext("/batch/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(body.readAllBytes()))).get("batch")
                        .forEach(event -> received.merge(event.get("uuid").textValue(), 1, Integer::sum));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        stub.start();
        return stub;
    }

    private String log(String name) {
        try {
            return Files.readString(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
