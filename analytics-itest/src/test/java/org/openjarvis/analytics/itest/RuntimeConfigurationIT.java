package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.SinkStatus;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectService;

/** Config Admin changes take effect in place, without a restart, and consent off means nothing at all. */
class RuntimeConfigurationIT extends AnalyticsTestSupport {

    @InjectService
    EventAdmin eventAdmin;

    @Test
    void turningAnalyticsOffAndOnAppliesAtOnceWithoutReRegistering() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        Object serviceId = context.getServiceReference(AnalyticsService.class).getProperty(Constants.SERVICE_ID);
        // The file sink follows this test's home on its own schedule; delivered before the toggle, the event is
        // not among those that withdrawing consent discards.
        String events = home.resolve("analytics/events.jsonl").toString();
        await(() -> sinkStatus("file").map(s -> s.detail().equals(events)).orElse(false), "the file sink in " + events);
        Object fileSinkId = fileSink().getProperty(Constants.SERVICE_ID);
        analytics().capture("feature_used", Map.of("feature_name", "chat"));
        assertThat(analytics().flush(Duration.ofSeconds(DEADLINE_SECONDS))).isTrue();
        sink.clear();

        configure(Map.of("enabled", false));
        assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                .isEqualTo(CaptureResult.DISABLED);
        // sendEvent returns after the handler ran: it saw analytics off and kept nothing.
        eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        assertThat(analytics().status().counters()).containsEntry("rejected_disabled", 1L);
        assertThat(analytics().disabledReason()).contains("configuration enabled=false");

        configure(Map.of("enabled", true));
        eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used",
                "feature_name", "voice")));
        await(() -> !sink.events().isEmpty(), "an event after enabling again");

        assertThat(sink.events()).singleElement().satisfies(event -> assertThat(event.properties())
                .isEqualTo(Map.of("feature_name", "voice")));
        assertThat(context.getServiceReference(AnalyticsService.class).getProperty(Constants.SERVICE_ID))
                .isEqualTo(serviceId);
        // The file sink was neither replaced nor rebound: its accounting spans the toggle.
        assertThat(analytics().flush(Duration.ofSeconds(DEADLINE_SECONDS))).isTrue();
        assertThat(fileSink().getProperty(Constants.SERVICE_ID)).isEqualTo(fileSinkId);
        assertThat(sinkStatus("file").flatMap(SinkStatus::accounting)).hasValueSatisfying(accounting -> {
            assertThat(accounting.accepted()).isEqualTo(2);
            assertThat(accounting.delivered()).isEqualTo(2);
        });
    }

    private ServiceReference<AnalyticsSink> fileSink() throws InvalidSyntaxException {
        return context.getServiceReferences(AnalyticsSink.class, "(" + AnalyticsSink.NAME_PROPERTY + "=file)")
                .stream().findFirst().orElseThrow(() -> new AssertionError("no file sink registered"));
    }

    @Test
    void aNewIdleTimeoutClosesSessionsByItselfWithoutRestartingAnything() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        List<Object> before = serviceIds();
        configure(Map.of("enabled", true, "session.idle.timeout.seconds", 1L, "session.tick.seconds", 1L));

        eventAdmin.postEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "idle", "model", "m")));

        await(() -> sink.names().contains("chat_session_ended"), "the idle session to be reported");
        assertThat(serviceIds()).isEqualTo(before);
    }

    @Test
    void sessionsOpenWhenConsentIsWithdrawnAreNeverReported() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        eventAdmin.sendEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1", "input_tokens", 5L)));
        await(() -> sink.names().contains("first_chat_sent"), "the inference to be recorded");

        configure(Map.of("enabled", false));
        configure(Map.of("enabled", true));
        eventAdmin.sendEvent(new Event(AnalyticsTopics.SESSION_END, Map.of("session_id", "s1")));
        // The bridge handles events in order: once this one arrives, the session end was handled.
        eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        await(() -> sink.names().contains("feature_used"), "the marker event");

        assertThat(sink.names()).containsExactly("first_chat_sent", "feature_used");
    }

    // The service, the bridge's and the aggregator's: a restart of any of them would give it a new id.
    private List<Object> serviceIds() throws Exception {
        List<Object> ids = new ArrayList<>();
        for (String service : List.of(AnalyticsService.class.getName(), BRIDGE_CONTROL, SESSION_RECORDER)) {
            ids.add(context.getServiceReferences(service, null)[0].getProperty(Constants.SERVICE_ID));
        }
        return ids;
    }

    @Test
    void consentOffFromTheStartCreatesNoIdAndDeliversNothing() throws Exception {
        // A home in which analytics has never run: the one prepared for every test already holds an id.
        Path used = home;
        home = Files.createTempDirectory("openjarvis-itest-consent-off");
        deleteRecursively(used);
        RecordingSink sink = register(new RecordingSink(), "itest");

        configure(Map.of("enabled", false));
        eventAdmin.sendEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s", "model", "m")));
        eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        assertThat(analytics().capture("app_opened", Map.of())).isEqualTo(CaptureResult.DISABLED);
        assertThat(analytics().flush(Duration.ofSeconds(5))).isTrue();

        assertThat(home.resolve("anon_id")).doesNotExist();
        assertThat(home.resolve("analytics/events.jsonl")).doesNotExist();
        assertThat(sink.events()).isEmpty();
        assertThat(analytics().anonymousId()).isEmpty();
    }
}
