package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectService;

/**
 * The PostHog sink configured at run time through Config Admin, sending to a loopback stub, then removed again
 * while the local file sink keeps working; what it resends from a planted spool, judged by the real service; and a
 * bad configuration in real SCR.
 */
class PostHogSinkIT extends AnalyticsTestSupport {

    private static final String FACTORY_PID = "org.openjarvis.analytics.posthog";
    private static final String FAKE_KEY = "phc_itest_not_a_real_key_0123";

    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    ServiceComponentRuntime scr;

    @InjectService
    LogReaderService logReader;

    private HttpServer stub;
    private Path spoolDir;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/batch/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bodies.add(new String(new GZIPInputStream(new ByteArrayInputStream(body.readAllBytes()))
                        .readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        stub.start();
        spoolDir = Files.createTempDirectory("openjarvis-itest-spool");
    }

    @AfterEach
    void stopStub() throws IOException {
        stub.stop(0);
        deleteRecursively(spoolDir);
    }

    @Test
    void aFactoryConfigurationAddsASinkThatSendsValidBatchesAndRemovingItTakesItAway() throws Exception {
        Configuration configuration = configurationAdmin.getFactoryConfiguration(FACTORY_PID, "itest", "?");
        configuration.update(new Hashtable<>(Map.of("api.key", FAKE_KEY, "host", stubUrl(), "flush.interval.ms",
                200L)));
        await(() -> posthogSink() != null, "the PostHog sink to be registered");
        // Registered is not yet bound: SCR binds it to the service on the registering thread, a moment later.
        await(() -> sinkStatus("posthog~itest").isPresent(),
                "the PostHog sink to be bound to the service");
        ServiceReference<AnalyticsSink> reference = posthogSink();
        for (String key : reference.getPropertyKeys()) {
            assertThat(String.valueOf(reference.getProperty(key))).doesNotContain(FAKE_KEY);
        }

        eventAdmin.postEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used",
                "feature_name", "chat")));
        await(() -> bodies.stream().anyMatch(body -> body.contains("\"feature_used\"")), () -> "a batch at the stub "
                + "(counters " + analytics().status().counters() + ", sinks " + analytics().status().sinks() + ")");

        String body = bodies.get(0);
        assertThat(body).startsWith("{\"api_key\":\"" + FAKE_KEY + "\",\"batch\":[").contains("\"sent_at\":\"")
                .contains("\"feature_name\":\"chat\"").contains("\"$lib\":\"openjarvis-analytics-java\"");

        configuration.delete();
        await(() -> posthogSink() == null, "the PostHog sink to go away");
        RecordingSink local = register(new RecordingSink(), "itest");
        analytics().capture("feature_used", Map.of("feature_name", "voice"));
        await(() -> local.events().size() == 1, "the event at the remaining sinks");
        assertThat(analytics().status().sinks()).extracting(s -> s.name()).contains("file")
                .noneMatch(name -> name.startsWith("posthog"));
    }

    @Test
    void aPlantedSpoolFileSendsOnlyWhatTheServiceAdmitsAndTheRestIsSetAside() throws Exception {
        String id = analytics().anonymousId().orElseThrow();
        String good = UUID.randomUUID().toString();
        List<String> planted = List.of(
                line(good, "feature_used", id, "\"feature_name\":\"chat\""),
                line(UUID.randomUUID().toString(), "$identify", id, ""),
                line(UUID.randomUUID().toString(), "feature_used", id, "\"feature_name\":\"jane@example.com\""),
                line(UUID.randomUUID().toString(), "feature_used", id,
                        "\"feature_name\":\"chat\",\"prompt\":\"summarise my medical records\""),
                line(UUID.randomUUID().toString(), "feature_used", id, "\"feature_name\":\"chat\",\"$set\":\"x\""),
                line(UUID.randomUUID().toString(), "feature_used", "someone-else", "\"feature_name\":\"chat\""),
                line(UUID.randomUUID().toString(), "feature_used", id, "\"feature_name\":\"chat\"")
                        .replace("\"$catalogue\":\"org.openjarvis.analytics.impl/", "\"$catalogue\":\"org.example.other/"),
                line(UUID.randomUUID().toString(), "feature_used", id, "\"feature_name\":\"chat\"")
                        .replaceFirst("\"\\$catalogue\":\"[^\"]*\",", ""));
        Path sinkSpool = Files.createDirectories(spoolDir.resolve("posthog~itest"), OWNER_ONLY);
        Files.writeString(sinkSpool.resolve("0000000000000000001.jsonl"), String.join("\n", planted) + "\n");
        Configuration configuration = configurationAdmin.getFactoryConfiguration(FACTORY_PID, "itest", "?");
        configuration.update(new Hashtable<>(Map.of("api.key", FAKE_KEY, "host", stubUrl(), "flush.interval.ms",
                200L, "spool.dir", spoolDir.toString())));
        await(() -> sinkStatus("posthog~itest").isPresent(), "the PostHog sink to be bound to the service");

        eventAdmin.postEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used",
                "feature_name", "voice")));

        await(() -> bodies.stream().anyMatch(body -> body.contains(good)), () -> "the admitted spooled event at the "
                + "stub (sinks " + analytics().status().sinks() + ")");
        await(() -> sinkStatus("posthog~itest").map(s -> s.counters().get("spool_files")).orElse(-1L) == 0,
                "the spool to be done");
        assertThat(bodies).noneMatch(body -> body.contains("$identify") || body.contains("jane@")
                || body.contains("medical") || body.contains("$set") || body.contains("someone-else"));
        assertThat(sinkStatus("posthog~itest").orElseThrow().counters()).containsEntry("dropped_spool_rejected", 7L)
                .containsEntry("recovered", 8L);
        assertThat(Files.readAllLines(sinkSpool.resolve("0000000000000000001.jsonl.rejected")))
                .containsExactlyElementsOf(planted.subList(1, planted.size()));
        configuration.delete();
        await(() -> posthogSink() == null, "the PostHog sink to go away");
    }

    @Test
    void aBadValueNeverTakesTheRunningSinkAwayAndAFixedConfigurationStartsIt() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        LogListener listener = entry -> logged.add(entry.getLogLevel() + " " + entry.getMessage());
        logReader.addLogListener(listener);
        try {
            Configuration configuration = configurationAdmin.getFactoryConfiguration(FACTORY_PID, "itest", "?");
            configuration.update(new Hashtable<>(Map.of("api.key", FAKE_KEY, "host", stubUrl(), "batch.size",
                    "abc")));
            String pid = configuration.getPid();
            await(() -> logged.contains("ERROR Configuration " + pid + ": batch.size must be a whole number from 1 "
                    + "to 1000, got other text; no PostHog sink runs until the configuration is fixed"),
                    () -> "the problem in the log: " + logged);
            // SCR marks the component active only once activate() has returned, after it logged the problem.
            await(() -> componentActiveWith(pid), "the component to be active with the bad configuration");
            assertThat(posthogSink()).as("no sink for a bad configuration").isNull();

            configuration.update(new Hashtable<>(Map.of("api.key", FAKE_KEY, "host", stubUrl(), "flush.interval.ms",
                    "200")));
            await(() -> posthogSink() != null, "the PostHog sink to start once the configuration is valid");
            Object serviceId = posthogSink().getProperty("service.id");

            configuration.update(new Hashtable<>(Map.of("api.key", FAKE_KEY, "host", "https://",
                    "flush.interval.ms", "200", "batch.size", "20000000000000000000")));
            await(() -> logged.stream().filter(line -> line.endsWith("; the PostHog sink keeps its previous settings"))
                    .count() == 2, () -> "both problems in the log: " + logged);

            assertThat(posthogSink()).isNotNull().extracting(reference -> reference.getProperty("service.id"))
                    .as("the same sink, on its previous settings").isEqualTo(serviceId);
            assertThat(logged).noneMatch(line -> line.contains(FAKE_KEY));
            await(() -> sinkStatus("posthog~itest").isPresent(), "the PostHog sink to be bound to the service");
            eventAdmin.postEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used",
                    "feature_name", "chat")));
            await(() -> !bodies.isEmpty(), "a batch at the stub, the previous host");
            configuration.delete();
            await(() -> posthogSink() == null, "the PostHog sink to go away");
        } finally {
            logReader.removeLogListener(listener);
        }
    }

    // Whether SCR holds the PostHog component active with this configuration: a bad value never fails it.
    private boolean componentActiveWith(String pid) {
        Bundle posthog = Arrays.stream(context.getBundles()).filter(b -> FACTORY_PID.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        return scr.getComponentDescriptionDTOs(posthog).stream().flatMap(d -> scr.getComponentConfigurationDTOs(d)
                .stream()).anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE
                        && pid.equals(c.properties.get("service.pid")));
    }

    // A spooled line as the sink writes it, for this run's bundle version.
    // A line as the sink spools it: the event's properties, the catalogue of OpenJarvis's events, then its own.
    private String line(String uuid, String event, String distinctId, String properties) {
        Bundle posthog = Arrays.stream(context.getBundles()).filter(b -> FACTORY_PID.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        return "{\"event\":\"" + event + "\",\"distinct_id\":\"" + distinctId + "\",\"timestamp\":"
                + "\"2026-12-01T10:00:00.000Z\",\"uuid\":\"" + uuid + "\",\"properties\":{" + properties
                + (properties.isEmpty() ? "" : ",") + "\"$catalogue\":\"org.openjarvis.analytics.impl/"
                + implementationBundle().getVersion() + "\",\"$lib\":\"openjarvis-analytics-java\",\"$lib_version\":\""
                + posthog.getVersion() + "\",\"$geoip_disable\":true,\"$process_person_profile\":false}}";
    }

    private String stubUrl() {
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private ServiceReference<AnalyticsSink> posthogSink() {
        try {
            return context.getServiceReferences(AnalyticsSink.class, "(analytics.sink.name=posthog~itest)").stream()
                    .findFirst().orElse(null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
