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
        long rejectedBefore = analytics().status().counters().get("rejected_disabled");

        configure(Map.of("enabled", false));
        assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                .isEqualTo(CaptureResult.DISABLED);
        // sendEvent returns after the handler ran: it saw analytics off and kept nothing.
        eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        assertThat(analytics().status().counters()).containsEntry("rejected_disabled", rejectedBefore + 1);
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

    @Test
    void busEventsHandedOverBeforeAnOptOutAreNeverProcessedAfterAQuickOptIn() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        configure(Map.of("enabled", true, "backlog.max.bytes", 1L << 30));
        Map<String, Long> before = bridgeCounters(); // the bridge's counters span the tests
        // Each inference makes the bridge hash a 2 MB model name, so the 150 are still queued at the opt-out.
        String heavyModel = "m".repeat(2 * 1024 * 1024);
        for (int i = 0; i < 150; i++) {
            eventAdmin.sendEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "before-" + i,
                    "model", heavyModel)));
        }

        configure(Map.of("enabled", false, "backlog.max.bytes", 1L << 30));
        Map<String, Long> atOptOut = bridgeCounters();
        configure(Map.of("enabled", true, "backlog.max.bytes", 1L << 30));
        eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT, "feature_used")));
        await(() -> sink.names().contains("feature_used"), "the event posted after the opt-in");
        analytics().flush(Duration.ofSeconds(DEADLINE_SECONDS));

        Map<String, Long> after = bridgeCounters();
        assertThat(after.get("bus_events_processed")).as("only the event posted after the opt-in was processed")
                .isEqualTo(atOptOut.get("bus_events_processed") + 1);
        long ignored = after.get("bus_events_ignored_disabled") - before.get("bus_events_ignored_disabled");
        long processedBeforeTheOptOut = atOptOut.get("bus_events_processed") - before.get("bus_events_processed");
        assertThat(ignored).as("the opt-out found bus events still queued").isPositive();
        assertThat(processedBeforeTheOptOut + ignored).isEqualTo(150);
        assertThat(after).containsEntry("open_sessions", 0L);
        assertThat(sink.names()).doesNotContain("chat_session_ended");
    }

    @Test
    void anOptOutTakesEffectWhateverElseInTheConfigurationIsWrong() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        configure(Map.of("enabled", "false", "backlog.capacity", "10000O", "session.tick.seconds", 0L,
                "platform", "amiga"));

        assertThat(analytics().disabledReason()).contains("configuration enabled=false");
        assertThat(analytics().capture("feature_used", Map.of("feature_name", "chat")))
                .isEqualTo(CaptureResult.DISABLED);
        configure(Map.of("enabled", "maybe"));
        assertThat(analytics().disabledReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("enabled is not true or false"));
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void theUsersOptOutLastsAcrossARestartAndWinsOverTheConfigurationUntilUndone() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        configure(Map.of("enabled", true, "backlog.capacity", "lots")); // a bad value must not stand in the way
        consentControl("optOut");
        assertThat(analytics().isEnabled()).isFalse();
        assertThat(home.resolve("analytics_opt_out")).exists();

        implementationBundle().stop();
        implementationBack();
        await(() -> analytics().disabledReason().map(r -> r.contains("analytics:disable")).orElse(false),
                "the restarted service to find the opt-out");
        configurationAdmin.getConfiguration(PID, "?").update(new java.util.Hashtable<>(Map.of("enabled", true,
                "home", home.toString(), "session.tick.seconds", 7L)));
        await(() -> "7".equals(String.valueOf(context.getServiceReference(AnalyticsService.class)
                .getProperty("session.tick.seconds"))), "the new configuration");
        assertThat(analytics().isEnabled()).as("enabled=true does not undo the user's opt-out").isFalse();
        assertThat(analytics().capture("feature_used", Map.of())).isEqualTo(CaptureResult.DISABLED);

        assertThat(consentControl("optIn")).isEqualTo(java.util.Optional.empty());
        assertThat(analytics().isEnabled()).isTrue();
        assertThat(home.resolve("analytics_opt_out")).doesNotExist();
        assertThat(sink.events()).isEmpty();
    }

    // The service's ConsentControl (behind analytics:disable and analytics:enable), from its private package.
    private Object consentControl(String method) throws Exception {
        ServiceReference<?> reference = context.getServiceReferences(
                "org.openjarvis.analytics.impl.identity.ConsentControl", null)[0];
        Object control = context.getService(reference);
        try {
            return reference.getBundle().loadClass("org.openjarvis.analytics.impl.identity.ConsentControl")
                    .getMethod(method).invoke(control);
        } finally {
            context.ungetService(reference);
        }
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
