package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * The PostHog sink configured at run time through Config Admin, sending to a loopback stub, then removed again
 * while the local file sink keeps working.
 */
class PostHogSinkIT extends AnalyticsTestSupport {

    private static final String FACTORY_PID = "org.openjarvis.analytics.posthog";
    private static final String FAKE_KEY = "phc_itest_not_a_real_key_0123";

    @InjectService
    EventAdmin eventAdmin;

    private HttpServer stub;
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
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    @Test
    void aFactoryConfigurationAddsASinkThatSendsValidBatchesAndRemovingItTakesItAway() throws Exception {
        Configuration configuration = configurationAdmin.getFactoryConfiguration(FACTORY_PID, "itest", "?");
        configuration.update(new Hashtable<>(Map.of("api.key", FAKE_KEY, "host", "http://127.0.0.1:"
                + stub.getAddress().getPort(), "flush.interval.ms", 200L)));
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

    private ServiceReference<AnalyticsSink> posthogSink() {
        try {
            return context.getServiceReferences(AnalyticsSink.class, "(analytics.sink.name=posthog~itest)").stream()
                    .findFirst().orElse(null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
