package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.osgi.service.event.Event;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectService;

/** Bus events posted on EventAdmin arrive at a whiteboard sink as catalogue events. */
class EventAdminBridgeIT extends AnalyticsTestSupport {

    @InjectService
    EventAdmin eventAdmin;

    @Test
    void busEventsBecomeAnonymousCatalogueEvents() {
        RecordingSink sink = register(new RecordingSink(), "itest");

        eventAdmin.postEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s1", "model",
                "llama3.1:8b", "engine", "ollama", "input_tokens", 12L, "output_tokens", 34L, "latency_ms", 250.5)));
        eventAdmin.postEvent(new Event(AnalyticsTopics.TOOL_CALL_END, Map.of("session_id", "s1", "tool_name",
                "calculator")));
        eventAdmin.postEvent(new Event(AnalyticsTopics.SESSION_END, Map.of("session_id", "s1")));
        await(() -> sink.events().size() >= 3, () -> "three events at the sink, got " + sink.names() + "; "
                + analytics().status());

        assertThat(sink.names()).containsExactly("first_chat_sent", "tool_first_used", "chat_session_ended");
        assertThat(sink.events().get(1).properties()).isEqualTo(Map.of("tool_name", "calculator"));
        AnalyticsEvent session = sink.events().get(2);
        assertThat(session.properties()).containsEntry("turn_count", 1L).containsEntry("tokens_in", 12L)
                .containsEntry("tokens_out", 34L).containsEntry("latency_ms_p50", 250.5)
                .containsEntry("tool_count", 1L).containsEntry("model_hash", "8754b77c7eee26e4")
                .containsEntry("engine", "ollama");
        assertThat(session.distinctId()).isEqualTo(analytics().anonymousId().orElseThrow());
        assertThat(home.resolve("first_chat_sent")).exists();
    }

    @Test
    void aNumberPastTwoToTheFiftyThirdFromTheBusIsDroppedAndCounted() {
        RecordingSink sink = register(new RecordingSink(), "itest");
        long outOfRangeBefore = analytics().status().counters().get("properties_out_of_range");

        // A card or phone number sent as a token count: Python's int() reads the string, the bound refuses it.
        eventAdmin.postEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "big", "input_tokens",
                "12345678901234567890", "output_tokens", 34L)));
        eventAdmin.postEvent(new Event(AnalyticsTopics.SESSION_END, Map.of("session_id", "big")));
        await(() -> sink.names().contains("chat_session_ended"), () -> "the session at the sink, got "
                + sink.names());

        AnalyticsEvent session = sink.events().get(sink.names().indexOf("chat_session_ended"));
        assertThat(session.properties()).containsEntry("tokens_out", 34L).doesNotContainKey("tokens_in");
        assertThat(analytics().status().counters().get("properties_out_of_range")).isEqualTo(outOfRangeBefore + 1);
    }

    @Test
    void hostileBusEventsAndCapturesReturnAtOnceAndAreCounted() throws Exception {
        Map<String, Long> bridgeBefore = bridgeCounters();
        long overLimitBefore = analytics().status().counters().get("properties_over_limit");
        Map<String, Object> undeclared = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            undeclared.put("undeclared_" + i, "x".repeat(199));
        }
        long start = System.nanoTime();

        // Copying this list on the publisher's thread would be an OutOfMemoryError thrown into sendEvent.
        eventAdmin.sendEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s",
                "model", java.util.Collections.nCopies(Integer.MAX_VALUE, "x"))));
        assertThat(analytics().capture("feature_used", undeclared)).isEqualTo(
                org.openjarvis.analytics.api.CaptureResult.ACCEPTED);

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("both return at once")
                .isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(bridgeCounters().get("bus_events_dropped_oversized"))
                .isEqualTo(bridgeBefore.get("bus_events_dropped_oversized") + 1);
        assertThat(analytics().status().counters().get("properties_over_limit")).isEqualTo(overLimitBefore
                + 100_000 - 1_000);
    }

    @Test
    void feedbackSecurityAlertsAndAgentErrorsBecomeTheirCatalogueEvents() {
        RecordingSink sink = register(new RecordingSink(), "itest");

        eventAdmin.postEvent(new Event(AnalyticsTopics.FEEDBACK_RECEIVED, Map.of("rating", 4L, "comment",
                "the text itself never leaves")));
        eventAdmin.postEvent(new Event(AnalyticsTopics.SECURITY_ALERT, Map.of("direction", "outbound")));
        eventAdmin.postEvent(new Event(AnalyticsTopics.INFERENCE_END, Map.of("session_id", "s2")));
        eventAdmin.postEvent(new Event(AnalyticsTopics.AGENT_TURN_END, Map.of("session_id", "s2", "error", true)));
        eventAdmin.postEvent(new Event(AnalyticsTopics.AGENT_TURN_END, Map.of("session_id", "s2", "error", false)));
        eventAdmin.postEvent(new Event(AnalyticsTopics.SESSION_END, Map.of("session_id", "s2")));
        await(() -> sink.events().size() >= 4, () -> "four events at the sink, got " + sink.names());

        assertThat(sink.names()).containsExactly("feedback_submitted", "error_shown_to_user", "first_chat_sent",
                "chat_session_ended");
        assertThat(sink.events().get(0).properties()).isEqualTo(Map.of("rating", 4L, "has_comment", true));
        assertThat(sink.events().get(1).properties()).isEqualTo(Map.of("error_class", "permission_denied",
                "platform", "cli"));
        assertThat(sink.events().get(3).properties()).containsEntry("turn_count", 1L).containsEntry("error_count", 1L);
    }

    @Test
    void theHandlerRegistrationCarriesOnlyItsTopicsSoConfigurationChangesNeverTouchIt() throws Exception {
        ServiceReference<EventHandler> handler = context.getServiceReferences(EventHandler.class,
                "(event.topics=" + AnalyticsTopics.INFERENCE_END + ")").iterator().next();

        configure(Map.of("enabled", true, "session.tick.seconds", 7L));

        assertThat(handler.getPropertyKeys()).contains("event.topics").doesNotContain("home", "enabled",
                "session.tick.seconds");
    }

    @Test
    void theRegisteredHandlerIsTheClassUsersExemptFromEventAdminsTimeout() throws Exception {
        ServiceReference<EventHandler> handler = context.getServiceReferences(EventHandler.class,
                "(event.topics=" + AnalyticsTopics.INFERENCE_END + ")").iterator().next();
        try {
            assertThat(context.getService(handler).getClass().getName())
                    .isEqualTo("org.openjarvis.analytics.impl.bridge.BusEventHandler");
        } finally {
            context.ungetService(handler);
        }
    }

    @Test
    void directCapturesKeepCatalogueDataAndNeverKarafsExtras() {
        RecordingSink sink = register(new RecordingSink(), "itest");
        Map<String, Object> properties = new HashMap<>();
        properties.put(AnalyticsTopics.EVENT, "feature_used");
        properties.put("feature_name", "chat");
        properties.put("subject", new javax.security.auth.Subject());
        properties.put("timestamp", System.currentTimeMillis());

        eventAdmin.postEvent(new Event(AnalyticsTopics.CAPTURE, properties));
        await(() -> !sink.events().isEmpty(), "the captured event at the sink");

        assertThat(sink.events()).singleElement().satisfies(event -> {
            assertThat(event.name()).isEqualTo("feature_used");
            assertThat(event.properties()).isEqualTo(Map.of("feature_name", "chat"));
        });
    }
}
