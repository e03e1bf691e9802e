package org.openjarvis.analytics.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every measurement for every client, each in a JVM of its own with only that client's classpath, against
 * one loopback {@link Stub}, and writes {@code results.json}. Usage:
 * {@code RunAll <classpath dir> <distribution jar> <output file> [--quick]}; the classpath dir holds
 * {@code bench.txt} (this module and JMH) and {@code <client>.txt} per client, as {@code run.sh} writes them.
 */
public final class RunAll {

    private static final List<String> CLIENTS = List.of("openjarvis", "posthog-java", "posthog-server", "segment");
    private static final Map<String, String> SETTINGS = Map.of(
            "openjarvis", "0.1.0-SNAPSHOT, defaults: AnalyticsService with the PostHog sink; per-sink queue 100000 "
                    + "events / 64 MiB and PostHog queue 100000 events / 64 MiB, both drop-newest; batch 100 events "
                    + "(up to 1000 from a deep queue) or 5 MiB; 4 batches in flight; flush interval 5 s; gzip; "
                    + "shutdown.timeout.ms 5000",
            "openjarvis-sink", "0.1.0-SNAPSHOT, the PostHog sink alone (serialise + queue), defaults as above",
            "openjarvis-service", "0.1.0-SNAPSHOT, the service path alone: AnalyticsService (consent, redaction, "
                    + "validation, the strict screen) into the dispatcher's per-sink queue, whose sink discards; "
                    + "defaults as above",
            "posthog-java", "com.posthog.java:posthog 1.2.0, defaults: unbounded queue, sends at >= 50 events or "
                    + "after 1 s, no gzip, no flush()",
            "posthog-server", "com.posthog:posthog-server 2.3.0, defaults: flushAt 20, maxQueueSize 1000 "
                    + "(drop-oldest), maxBatchSize 50, flush interval 30 s, gzip",
            "segment", "com.segment.analytics.java:analytics 3.5.1, defaults: flushQueueSize 250, flush interval "
                    + "10 s, unbounded queue, no gzip");
    private static final Pattern PRIMARY = Pattern.compile("\"primaryMetric\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*"
            + "([-0-9.eE+]+|\"NaN\")");
    private static final Pattern SCREEN_RESULT = Pattern.compile("ScreenBenchmark\\.(\\w+)\"[\\s\\S]*?\"value\"\\s*:"
            + "\\s*\"([^\"]*)\"");
    private static final Pattern CATALOGUE_RESULT = Pattern.compile("\"event\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ACTIVATION = Pattern.compile("and the analytics bundles took (\\d+) ms");
    private static final Pattern ALLOC = Pattern.compile("gc\\.alloc\\.rate\\.norm\"\\s*:\\s*\\{\\s*\"score\"\\s*:"
            + "\\s*([-0-9.eE+]+|\"NaN\")");

    private final Path classpaths;
    private final boolean quick;
    private final Stub stub;
    private final List<String> results = new ArrayList<>();

    private RunAll(Path classpaths, boolean quick, Stub stub) {
        this.classpaths = classpaths;
        this.quick = quick;
        this.stub = stub;
    }

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[1]);
        Path output = Path.of(args[2]);
        boolean quick = args.length > 3 && args[3].equals("--quick");
        try (Stub stub = new Stub()) {
            RunAll run = new RunAll(Path.of(args[0]), quick, stub);
            for (String client : CLIENTS) {
                run.capture(client);
                run.callingThread(client, "");
                run.throughput(client);
                run.deadEndpoint(client);
                run.shutdown(client);
            }
            run.screen();
            run.catalogue();
            run.capture("openjarvis-sink");
            run.callingThread("openjarvis-sink", "");
            // The issue 19 goal (300 ns, 400 bytes) is for this path, without a sender competing for the cores.
            run.capture("openjarvis-service", "_service", 1, "plain", "");
            run.callingThread("openjarvis-service", "_service");
            run.startup(distribution);
            run.write(output);
        }
        System.out.println("wrote " + output);
    }

    private int events() {
        return quick ? 100_000 : 1_000_000;
    }

    private void capture(String client) throws Exception {
        capture(client, "", 1, "plain", "");
        capture(client, "", 8, "plain", "");
        capture(client, "_text", 1, "free_text", "");
        if (client.equals("openjarvis")) {
            // The same capture with the reference's redaction alone: the difference is the strict screen's cost.
            capture(client, "_text_reference_screen", 1, "free_text", " -Dbench.openjarvis.screen=reference");
            // The plain event's twin from a contributed catalogue: a contributed event must cost what a built-in does.
            capture(client, "_contributed", 1, "contributed", "");
        }
    }

    // The event is plain, or carries one free-text value (see BenchEvent); the rows are capture[_text]_ns_<n>t.
    private void capture(String client, String row, int threads, String event, String jvmOptions)
            throws Exception {
        Jmh jmh = jmh(client, CaptureBenchmark.class, "-p", "client=" + client, "-t", String.valueOf(threads),
                "-prof", "gc", "-jvmArgsAppend", "-Xmx1g -Dbench.event=" + event + " -Dbench.url=" + stub.url()
                        + jvmOptions);
        String settings = SETTINGS.get(client) + "; " + jmh.settings().replace(stub.url(), "<stub>");
        String reporting = reportedAs(client);
        String name = "capture" + row + "_ns_" + threads + "t";
        Matcher primary = PRIMARY.matcher(jmh.json());
        if (jmh.run().exitCode != 0 || !primary.find()) {
            record(name, reporting, null, "ns/op", settings, "JMH failed: " + jmh.run().firstFailure());
            return;
        }
        record(name, reporting, number(primary.group(1)), "ns/op", settings, null);
        Matcher alloc = ALLOC.matcher(jmh.json());
        if (threads == 1 && alloc.find()) {
            record("capture" + row + "_alloc_bytes", reporting, number(alloc.group(1)), "B/op", settings, null);
        }
    }

    // The strict screen and the reference's redaction without a service, on the free-text value of BenchEvent
    // (rows strict_screen_ns, reference_redaction_ns) and on theme.dark (the same with _short_ns).
    private void screen() throws Exception {
        recordEach(jmh("openjarvis", ScreenBenchmark.class), SCREEN_RESULT, "strict_screen_ns", (method, score, jmh) ->
                record((method.group(1).equals("strictScreen") ? "strict_screen" : "reference_redaction")
                        + (method.group(2).equals(BenchEvent.FREE_TEXT) ? "_ns" : "_short_ns"), "openjarvis", score,
                        "ns/op", "value \"" + method.group(2) + "\"; " + jmh.settings(), null));
    }

    // What a capture does with the catalogue, for the built-in event and its contributed twin (rows
    // catalogue_filter_ns, catalogue_filter_contributed_ns).
    private void catalogue() throws Exception {
        recordEach(jmh("openjarvis", CatalogueBenchmark.class), CATALOGUE_RESULT, "catalogue_filter_ns",
                (event, score, jmh) -> record(event.group(1).equals(BenchEvent.OUR_NAME) ? "catalogue_filter_ns"
                        : "catalogue_filter_contributed_ns", "openjarvis", score, "ns/op", "event " + event.group(1)
                        + "; " + jmh.settings(), null));
    }

    /** One JMH result: what {@code pattern} matched in it, its score, and the run. */
    @FunctionalInterface
    private interface ResultRow {
        void record(Matcher match, Double score, Jmh jmh);
    }

    // Each result of a JMH run whose benchmark matches pattern becomes a row; no result at all is one failed row.
    private void recordEach(Jmh jmh, Pattern pattern, String failedRow, ResultRow row) {
        String[] results = jmh.json().split("\"benchmark\"");
        for (int i = 1; i < results.length; i++) {
            Matcher match = pattern.matcher(results[i]);
            Matcher primary = PRIMARY.matcher(results[i]);
            if (match.find() && primary.find()) {
                row.record(match, number(primary.group(1)), jmh);
            }
        }
        if (results.length < 2) {
            record(failedRow, "openjarvis", null, "ns/op", "", "JMH failed: " + jmh.run().firstFailure());
        }
    }

    /** A JMH run: the process, the JSON it wrote (empty if none), and its options as the results state them. */
    private record Jmh(Run run, String json, String settings) {
    }

    // One benchmark class in the client's JVM, with this run's forks and iterations after the given options.
    private Jmh jmh(String client, Class<?> benchmark, String... options) throws Exception {
        Path json = Files.createTempFile("jmh-" + client, ".json");
        List<String> command = new ArrayList<>(List.of("org.openjdk.jmh.Main", benchmark.getName()));
        command.addAll(List.of(options));
        command.addAll(List.of("-rf", "json", "-rff", json.toString()));
        command.addAll(quick ? List.of("-f", "1", "-wi", "1", "-i", "2", "-w", "1s", "-r", "1s")
                : List.of("-f", "2", "-wi", "3", "-i", "5", "-w", "2s", "-r", "2s"));
        Run run = java(client, "-Xmx1g", command, 900);
        String settings = "JMH " + String.join(" ", command.subList(2, command.size())).replace(json.toString(),
                "<file>");
        return new Jmh(run, Files.exists(json) ? Files.readString(json) : "", settings);
    }

    // JMH's gc.alloc.rate.norm counts every thread, so it includes the client's sending in the background, which
    // depends on how much of the burst the client keeps. These are the calling thread's share alone: the bytes it
    // allocates (rows capture<row>_alloc_bytes_caller) and its CPU time (capture<row>_cpu_ns_caller), which unlike
    // JMH's wall time does not count the time slices the client's own threads take on the same cores.
    private void callingThread(String client, String row) throws Exception {
        Run run = java(client, "-Xmx1g", List.of(Scenario.class.getName(), "caller-alloc",
                client, stub.url(), String.valueOf(events())), 600);
        String settings = SETTINGS.get(client) + "; " + events() + " captures to warm up, then " + events()
                + " measured with ThreadMXBean";
        for (String[] result : new String[][] {{"caller_bytes_per_capture", "_alloc_bytes_caller", "B/op"},
                {"caller_cpu_ns_per_capture", "_cpu_ns_caller", "ns/op"}}) {
            String value = run.result().get(result[0]);
            record("capture" + row + result[1], reportedAs(client), value == null ? null : Double.valueOf(value),
                    result[2], settings, value == null ? run.error() : null);
        }
    }

    // Our variants (the sink alone, the service path alone) run on our classpath and are reported as ours, with
    // their own settings.
    private static String reportedAs(String client) {
        return client.startsWith("openjarvis") ? "openjarvis" : client;
    }

    private void throughput(String client) throws Exception {
        throughput(client, "-Xmx1g", SETTINGS.get(client));
        if (client.equals("openjarvis")) {
            // Our default queues keep 100 000 events and drop the rest of a larger burst; this run keeps it whole.
            throughput(client, "-Xmx1g -Dbench.openjarvis.queue=" + events(), SETTINGS.get(client)
                    .replace("per-sink queue 100000 events / 64 MiB and PostHog queue 100000 events / 64 MiB",
                            "per-sink queue and PostHog queue sized for the burst (" + events() + " events, 1 GiB)"));
        }
    }

    private void throughput(String client, String jvmOptions, String clientSettings) throws Exception {
        stub.reset();
        Run run = java(client, jvmOptions, List.of(Scenario.class.getName(), "throughput", client, stub.url(),
                String.valueOf(events())), 600);
        String settings = clientSettings + "; " + events() + " events, -Xmx1g";
        Map<String, String> values = run.result();
        if (!values.containsKey("first_capture_epoch_ms")) {
            record("throughput_events_per_s", client, null, "events/s", settings, run.error());
            return;
        }
        waitForQuiet();
        long received = stub.events();
        long millis = Math.max(1, stub.lastEventEpochMillis() - Long.parseLong(values.get("first_capture_epoch_ms")));
        String detail = settings + "; received " + received + " of " + events() + " in " + stub.requests()
                + " requests";
        record("throughput_events_per_s", client, received * 1000.0 / millis, "events/s", detail, null);
        record("wire_bytes_per_event", client, received == 0 ? null : (double) stub.wireBytes() / received,
                "bytes", detail, received == 0 ? "nothing received" : null);
        record("requests_per_100k_events", client, received == 0 ? null : stub.requests() * 100_000.0 / received,
                "requests", detail, received == 0 ? "nothing received" : null);
        record("sending_cpu_ns_per_event", client, received == 0 ? null
                : Double.parseDouble(values.get("background_cpu_ns")) / received, "ns", detail + "; CPU time of "
                        + "every thread but the capturing one, read after flush and before close",
                received == 0 ? "nothing received" : null);
    }

    private void deadEndpoint(String client) throws Exception {
        Run run = java(client, "-Xmx256m", List.of(Scenario.class.getName(), "dead", client, stub.blackholeUrl(),
                String.valueOf(events())), 600);
        stub.releaseBlackholed();
        Map<String, String> values = run.result();
        String settings = SETTINGS.get(client) + "; " + events() + " captures, blackholed host, -Xmx256m";
        if (!values.containsKey("retained_heap_bytes")) {
            record("dead_endpoint_retained_heap_bytes", client, null, "bytes", settings, run.error());
            return;
        }
        boolean oom = Boolean.parseBoolean(values.get("oom"));
        record("dead_endpoint_retained_heap_bytes", client, Double.valueOf(values.get("retained_heap_bytes")),
                "bytes", settings + "; " + values.get("calls") + " calls made in " + values.get("loop_ms") + " ms",
                oom ? "OutOfMemoryError after " + values.get("calls") + " calls" : null);
    }

    private void shutdown(String client) throws Exception {
        long capSeconds = quick ? 30 : 120;
        Run run = java(client, "-Xmx1g -Dbench.cap.ms=" + capSeconds * 1000, List.of(Scenario.class.getName(),
                "shutdown", client, stub.blackholeUrl(), "1000"), capSeconds * 2 + 60);
        stub.releaseBlackholed();
        Map<String, String> values = run.result();
        String settings = SETTINGS.get(client) + "; 1000 captures, then close, blackholed host, cap " + capSeconds
                + " s";
        String returned = values.get("close_returned_ms");
        if (returned == null) {
            record("shutdown_unreachable_ms", client, null, "ms", settings, run.error());
            return;
        }
        String detail = settings + "; all client threads gone after " + values.get("threads_gone_ms") + " ms"
                + ("timeout".equals(values.get("threads_gone_ms")) ? " (left: " + values.get("threads_left") + ")"
                        : "");
        record("shutdown_unreachable_ms", client, returned.equals("timeout") ? null : Double.valueOf(returned), "ms",
                detail, returned.equals("timeout") ? "timeout " + capSeconds + " s" : null);
    }

    /**
     * Ours only: {@code java -jar openjarvis-analytics.jar} with a PostHog {@code .cfg} pointing at the stub and a
     * script that captures one event and flushes; the time from starting the JVM to the event at the stub. The
     * median of five runs.
     */
    private void startup(Path distribution) throws Exception {
        Path work = Files.createTempDirectory("bench-startup");
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("org.openjarvis.analytics.posthog-bench.cfg"), "api.key = " + BenchClient.KEY
                + "\nhost = " + stub.url() + "\n");
        Path script = Files.writeString(work.resolve("script.gogo"),
                "analytics:capture feature_used feature_name=chat\nanalytics:flush\n");
        List<Long> runs = new ArrayList<>();
        List<Long> activations = new ArrayList<>();
        String error = null;
        for (int i = 0; i < 5 && error == null; i++) {
            stub.reset();
            long start = System.currentTimeMillis();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", distribution.toString(), "--home", work.resolve("home" + i).toString(), "--conf",
                    conf.toString(), "--script", script.toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("run" + i + ".log").toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                error = "timeout 120 s";
            } else if (stub.firstEventEpochMillis() == 0) {
                error = "no event reached the stub (exit " + process.exitValue() + ")";
            } else {
                runs.add(stub.firstEventEpochMillis() - start);
                Matcher activation = ACTIVATION.matcher(Files.readString(work.resolve("run" + i + ".log")));
                if (activation.find()) {
                    activations.add(Long.valueOf(activation.group(1)));
                }
            }
        }
        List<Long> sorted = runs.stream().sorted().toList();
        record("startup_ms", "openjarvis", error != null ? null : (double) sorted.get(sorted.size() / 2), "ms",
                "the distribution (Felix 7.0.5, all bundles), JVM start included, to the first event at the stub, "
                        + "median of " + runs + " ms", error);
        List<Long> sortedActivations = activations.stream().sorted().toList();
        record("startup_activation_ms", "openjarvis", sortedActivations.isEmpty() ? null
                : (double) sortedActivations.get(sortedActivations.size() / 2), "ms", "in the running framework, "
                        + "from starting SCR, EventAdmin, Jackson, OkHttp/Okio/Kotlin and the analytics bundles until "
                        + "AnalyticsService and its commands are registered, as the distribution logs it; median of "
                        + activations + " ms", sortedActivations.isEmpty() ? (error != null ? error
                                : "no activation line in the log") : null);
    }

    // Waits until the stub has had no event for two seconds (the clients send their last batches on their own).
    private void waitForQuiet() throws InterruptedException {
        long seen = -1;
        while (stub.events() != seen) {
            seen = stub.events();
            TimeUnit.SECONDS.sleep(2);
        }
    }

    private Run java(String client, String jvmOptions, List<String> arguments, long timeoutSeconds)
            throws Exception {
        String clientClasspath = Files.readString(classpaths.resolve(reportedAs(client) + ".txt")).strip();
        String classpath = Files.readString(classpaths.resolve("bench.txt")).strip() + File.pathSeparator
                + clientClasspath;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(jvmOptions.split(" ")));
        command.addAll(List.of("-cp", classpath));
        command.addAll(arguments);
        Path log = Files.createTempFile("bench-" + client, ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        System.out.println("running " + client + ": " + String.join(" ", arguments.subList(0, Math.min(2,
                arguments.size()))));
        boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        return new Run(ended ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8), ended,
                timeoutSeconds);
    }

    private void record(String name, String client, Double value, String unit, String settings, String error) {
        String number = value == null ? "null" : String.format(Locale.ROOT, "%.1f", value);
        StringBuilder json = new StringBuilder("  {\"name\": ").append(quote(name)).append(", \"client\": ")
                .append(quote(client)).append(", \"value\": ").append(number).append(", \"unit\": ")
                .append(quote(unit)).append(", \"settings\": ").append(quote(settings));
        if (error != null) {
            json.append(", \"error\": ").append(quote(error));
        }
        results.add(json.append('}').toString());
        System.out.println(results.get(results.size() - 1));
    }

    private void write(Path output) throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
        Files.writeString(output, "{\"date\": " + quote(Instant.now().toString()) + ", \"machine\": " + quote(machine)
                + ", \"quick\": " + quick + ", \"results\": [\n" + String.join(",\n", results) + "\n]}\n");
    }

    private static Double number(String text) {
        return text.startsWith("\"") ? null : Double.valueOf(text);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

    /** A finished child JVM: its exit code and output. */
    private record Run(int exitCode, String output, boolean ended, long timeoutSeconds) {

        Map<String, String> result() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).trim().split(" ")) {
                        int equals = pair.indexOf('=');
                        if (equals > 0) {
                            values.put(pair.substring(0, equals), pair.substring(equals + 1));
                        }
                    }
                }
            }
            return values;
        }

        String error() {
            if (!ended) {
                return "timeout " + timeoutSeconds + " s";
            }
            String error = result().get("error");
            return error != null ? error : "no result (exit " + exitCode + "): " + tail();
        }

        /** The first line that names an exception or error, else the end of the output. */
        String firstFailure() {
            for (String line : output.split("\n")) {
                if (line.matches(".*(Exception|Error)\\b.*") && !line.contains("Blackhole")) {
                    return line.strip();
                }
            }
            return tail();
        }

        String tail() {
            String trimmed = output.strip();
            return trimmed.substring(Math.max(0, trimmed.length() - 300));
        }
    }
}
