package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * Edge cases of stopping the implementation bundle: events the bridge accepted but had not processed yet, the
 * backlog kept while no sink at all is bound, and a sink blocked in deliver() at stop time. Also a Karaf-style
 * subject that is not even a {@code javax.security.auth.Subject}, and a start with the file sink's configuration alone.
 */
class LifecycleEdgeCasesIT extends AnalyticsTestSupport {

    private static final String FILE_PID = "org.openjarvis.analytics.file";

    @InjectService
    EventAdmin eventAdmin;

    @AfterEach
    void implBack() throws Exception {
        implementationBack();
        Configuration file = configurationAdmin.getConfiguration(FILE_PID, "?");
        if (file.getProperties() != null) {
            file.delete();
        }
        await(() -> {
            ServiceReference<AnalyticsService> reference = context.getServiceReference(AnalyticsService.class);
            return reference != null && context.getService(reference).isEnabled();
        }, "the analytics service to come back");
    }

    @Test
    void karafExtrasWithAPlainObjectSubjectNeverReachTheSink() {
        RecordingSink sink = register(new RecordingSink(), "itest");
        Map<String, Object> properties = new HashMap<>();
        properties.put(AnalyticsTopics.EVENT, "feature_used");
        properties.put("feature_name", "chat");
        properties.put("subject", new Object());
        properties.put("timestamp", 1_700_000_000_000L);
        eventAdmin.postEvent(new Event(AnalyticsTopics.CAPTURE, properties));
        await(() -> !sink.events().isEmpty(), "the event");
        assertThat(sink.events()).singleElement()
                .satisfies(e -> assertThat(e.properties()).isEqualTo(Map.of("feature_name", "chat")));
    }

    @Test
    void busEventsTheBridgeAcceptedSurviveAnImmediateStop() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        int n = 300;
        // sendEvent returns once the handler enqueued: the bridge accepted every one of them.
        eventAdmin.sendEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "open", "model", "m",
                "engine", "ollama", "input_tokens", 1L, "output_tokens", 2L, "latency_ms", 3.0)));
        for (int i = 0; i < n; i++) {
            eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used",
                    "feature_name", "chat")));
        }
        implementationBundle().stop();
        assertThat(sink.names()).filteredOn("feature_used"::equals).hasSize(n);
        assertThat(sink.names()).contains("first_chat_sent", "chat_session_ended");
    }

    @Test
    void aSessionStillOpenWhenTheBundleStopsIsInTheFileSinksLog() throws Exception {
        Path log = home.resolve("analytics/events.jsonl");
        await(() -> sinkStatus("file").map(s -> s.detail().equals(log.toString())).orElse(false),
                "the file sink in " + log);
        eventAdmin.sendEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "open", "model", "m",
                "engine", "ollama", "input_tokens", 1L, "output_tokens", 2L, "latency_ms", 3.0)));

        implementationBundle().stop();

        assertThat(log).content().contains("\"chat_session_ended\"");
    }

    @Test
    void aFileSinkConfigurationAloneAppliesFromTheStart() throws Exception {
        Path own = home.resolve("own/events.jsonl");
        implementationBundle().stop();
        configurationAdmin.getConfiguration(PID, "?").delete(); // the service then runs on its defaults
        configurationAdmin.getConfiguration(FILE_PID, "?").update(new Hashtable<>(Map.of("path", own.toString())));
        List<String> opened = new CopyOnWriteArrayList<>();
        ServiceListener fileSinks = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                opened.add(((AnalyticsSink) context.getService(event.getServiceReference())).status().detail());
                context.ungetService(event.getServiceReference());
            }
        };
        context.addServiceListener(fileSinks, "(" + AnalyticsSink.NAME_PROPERTY + "=file)");
        try {
            implementationBack();
            await(() -> sinkStatus("file").isPresent(), "the file sink to be bound");
            assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                    .isEqualTo(CaptureResult.ACCEPTED);
            assertThat(analytics().flush(Duration.ofSeconds(DEADLINE_SECONDS))).isTrue();
        } finally {
            context.removeServiceListener(fileSinks);
        }

        assertThat(opened).as("the first file sink already writes to the configured path").containsExactly(
                own.toString());
        assertThat(own).content().contains("\"feature_used\"");
    }

    @Test
    void backlogWithoutAnySinkGoesToTheFirstSinkAndIsFlushedOnStop() throws Exception {
        // An invalid file path at activation keeps the file sink inactive: no sink at all is bound. (A change to an
        // invalid path while it runs is refused, and the sink carries on as it was.)
        implementationBundle().stop();
        configurationAdmin.getConfiguration(FILE_PID, "?").update(new Hashtable<>(Map.of("path", home.toString())));
        implementationBack();
        await(() -> analytics().status().sinks().isEmpty(), "no sink to be bound");
        int n = 50;
        for (int i = 0; i < n; i++) {
            assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                    .isEqualTo(CaptureResult.ACCEPTED);
        }
        assertThat(analytics().status().counters()).containsEntry("backlog", (long) n);
        RecordingSink sink = register(new RecordingSink(), "late");
        for (int i = 0; i < n; i++) {
            analytics().capture("feature_used", Map.of("feature_name", "voice"));
        }
        implementationBundle().stop();
        assertThat(sink.events()).hasSize(2 * n);
    }

    @Test
    void stopWithABlockedSinkTakesBoundedTimeAndTheHealthySinkGetsEverything() throws Exception {
        configure(Map.of("enabled", true, "shutdown.timeout.ms", 1000L));
        CountDownLatch release = new CountDownLatch(1);
        register(blockedUntil(release), "blocking");
        RecordingSink healthy = register(new RecordingSink(), "healthy");
        try {
            for (int i = 0; i < 20; i++) {
                analytics().capture("feature_used", Map.of("feature_name", "chat"));
            }
            // Liveness only: stopping must not wait for the blocked sink (shutdown.timeout.ms bounds it).
            assertTimeoutPreemptively(Duration.ofSeconds(DEADLINE_SECONDS), () -> implementationBundle().stop());
            assertThat(healthy.events()).hasSize(20);
        } finally {
            release.countDown();
        }
    }
}
