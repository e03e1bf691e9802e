package org.openjarvis.analytics.impl.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.openjarvis.analytics.impl.testing.OpenJarvisCatalogues;
import org.openjarvis.analytics.impl.catalogue.SchemaCompiler;
import org.openjarvis.analytics.impl.catalogue.CatalogueRegistry;
import org.openjarvis.analytics.impl.catalogue.CatalogueOrigin;
import org.openjarvis.analytics.impl.catalogue.CatalogueException;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;
import org.openjarvis.analytics.impl.service.PropertyFilter;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.impl.bridge.BridgeControl;
import org.openjarvis.analytics.impl.identity.ConsentControl;
import org.openjarvis.analytics.impl.testing.FakeAnalyticsService;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class AnalyticsCommandsTest {

    private final FakeAnalyticsService analytics = new FakeAnalyticsService();
    private final List<AnalyticsEvent> history = new ArrayList<>();
    private final CatalogueRegistry catalogues = OpenJarvisCatalogues.registry();
    private final List<Event> sent = new ArrayList<>();
    private String saveFailure; // the opt-out's record cannot be written when set
    private String stillOffBecause; // another source still says no when set
    private boolean bridgeDrains = true;
    private int bridgeWaits;

    private final AnalyticsCommands commands = new AnalyticsCommands(analytics, max -> List.copyOf(history),
            new BridgeControl() {
                @Override
                public boolean awaitProcessed(Duration timeout) {
                    bridgeWaits++;
                    return bridgeDrains;
                }

                @Override
                public Map<String, Long> counters() {
                    return Map.of("bus_events_processed", 4L);
                }
            }, eventAdmin(), consentControl(), catalogues, this::dropped);

    @Test
    void statusShowsTheStateAndOnlyAMaskedId() {
        String status = commands.status();

        assertThat(status).contains("Analytics:    enabled").contains("Anonymous id: 01234567\u2026")
                .contains("Catalogues:   1 catalogue, 17 events")
                .contains("bus_events_processed=4").doesNotContain("0123456789abcdef-anon");

        analytics.setEnabled(false);
        assertThat(commands.status()).contains("disabled (configuration enabled=false)")
                .contains("Anonymous id: (none)");
    }

    @Test
    void catalogueListsEachCatalogueWithItsBundleAndEventsAndShowsOneEventsRules() throws CatalogueException {
        catalogues.add(SchemaCompiler.compile(new CatalogueOrigin(9, "org.example.shop", "2.1.0", "shop.json"), """
                {"title": "Shop", "events": {"order_placed": {"type": "object", "description": "An order was placed.",
                  "properties": {"items": {"type": "integer", "minimum": 1}, "express": {"type": "boolean"}},
                  "required": ["items"]}, "cart_viewed": {"type": "object"}}}""".getBytes(StandardCharsets.UTF_8)));

        assertThat(commands.catalogue()).startsWith("2 catalogues, 19 events\n  " + OpenJarvisCatalogues.LABEL
                .replace('/', ' ') + "  OSGI-INF/analytics/openjarvis.json  (OpenJarvis)\n    install_started ")
                .endsWith("\n  org.example.shop 2.1.0  shop.json  (Shop)\n    order_placed cart_viewed");
        assertThat(commands.catalogue("order_placed")).isEqualTo("order_placed  (catalogue shop.json of bundle "
                + "org.example.shop 2.1.0)\n  An order was placed.\n  items    integer \u2265 1  (required)\n"
                + "  express  boolean");
        assertThat(commands.catalogue("cart_viewed")).endsWith("\n  no properties");
        assertThat(commands.catalogue("feature_used")).contains("feature_name  one of chat, voice, agents");
        assertThatThrownBy(() -> commands.catalogue("order_shipped")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no catalogue in use declares the event 'order_shipped'; analytics:catalogue lists them");
        assertThatThrownBy(() -> commands.catalogue("a", "b")).hasMessageContaining("analytics:catalogue [EVENT]");
        catalogues.remove(9);
        assertThat(commands.status()).contains("Catalogues:   1 catalogue, 17 events");
    }

    @Test
    void theShellsCompleteTheEventsInUseTheirPropertiesAndTheBridgesTopics() throws CatalogueException {
        catalogues.add(SchemaCompiler.compile(new CatalogueOrigin(9, "org.example.shop", "2.1.0", "shop.json"), """
                {"events": {"order_placed": {"type": "object", "properties": {"items": {"type": "integer"},
                  "express": {"type": "boolean"}}}}}""".getBytes(StandardCharsets.UTF_8)));

        assertThat(commands.eventNames()).hasSize(18).contains("feature_used", "order_placed").isSorted();
        assertThat(commands.propertyNames("order_placed")).containsExactly("items", "express");
        assertThat(commands.propertyNames("feature_used")).containsExactly("feature_name");
        assertThat(commands.propertyNames("order_shipped")).isEmpty();
        assertThat(commands.topics()).contains("org/openjarvis/core/SESSION_END", "org/openjarvis/analytics/CAPTURE")
                .hasSize(7);
    }

    @Test
    void captureParsesItsArguments() {
        assertThat(commands.capture("feedback_submitted", "rating=5", "has_comment=true", "note=007"))
                .isEqualTo("feedback_submitted: ACCEPTED, dropped note: not declared by the event");

        assertThat(analytics.captures()).singleElement().satisfies(capture -> assertThat(capture.properties())
                .containsExactly(Map.entry("rating", 5L), Map.entry("has_comment", true), Map.entry("note", "007")));
        assertThatThrownBy(() -> commands.capture("feature_used", "oops")).hasMessageContaining("key=value");
    }

    @Test
    void captureNamesEachPropertyItDroppedAndWhy() {
        assertThat(commands.capture("feature_used", "feature_name=bogus")).startsWith(
                "feature_used: ACCEPTED, dropped feature_name: not one of chat, voice, agents");
        assertThat(commands.capture("feedback_submitted", "rating=5", "colour=red", "has_comment=yes"))
                .isEqualTo("feedback_submitted: ACCEPTED, dropped colour: not declared by the event; has_comment: "
                        + "not boolean");
        assertThatThrownBy(() -> commandsAnswering(CaptureResult.DROPPED_INCOMPLETE).capture("feature_used",
                "feature_name=bogus")).hasMessageContaining("see analytics:catalogue EVENT), dropped feature_name: "
                        + "not one of chat, voice");
    }

    @Test
    void publishSendsSynchronouslyAndRejectsBadTopics() {
        assertThat(commands.publish("org/openjarvis/core/SESSION_END", "session_id=s1"))
                .isEqualTo("published org/openjarvis/core/SESSION_END");

        assertThat(sent).singleElement().satisfies(event -> assertThat(event.getProperty("session_id"))
                .isEqualTo("s1"));
        assertThatThrownBy(() -> commands.publish("not a topic")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flushFailsLoudlyWhenItCannotComplete() {
        assertThat(commands.flush()).isEqualTo("flushed");
        assertThatThrownBy(() -> commands.flush("soon")).hasMessage("timeout must be a whole number from 1 to "
                + "86400000, got 'soon'");
        assertThatThrownBy(() -> commands.flush("-5")).hasMessageContaining("from 1 to");
        // Beyond a day: a clear refusal, not an overflow in nanosecond arithmetic.
        assertThatThrownBy(() -> commands.flush("10000000000000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 1 to 86400000");
        assertThatThrownBy(() -> commands.flush(String.valueOf(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);

        bridgeDrains = false;
        assertThatThrownBy(() -> commands.flush("100")).hasMessageContaining("did not complete within 100 ms");
    }

    @Test
    void tailPrintsTheLastEventsAsJsonLines() {
        assertThat(commands.tail()).isEqualTo("(no events yet)");
        history.add(AnalyticsEvent.of(new UUID(1, 2), "feature_used", "anon", Instant.parse("2026-11-25T00:00:00Z"),
                Map.of("feature_name", "chat")));

        assertThat(commands.tail("5")).isEqualTo("{\"event\":\"feature_used\",\"distinct_id\":\"anon\","
                + "\"timestamp\":\"2026-11-25T00:00:00.000Z\",\"uuid\":\"00000000-0000-0001-0000-000000000002\","
                + "\"properties\":{\"feature_name\":\"chat\"}}");
        assertThatThrownBy(() -> commands.tail("0")).hasMessage("count must be a whole number from 1, got '0'");
    }

    @Test
    void disableAndEnableUseTheUsersSwitchAndSayWhatHappened() {
        assertThat(commands.disable()).isEqualTo("analytics disabled (configuration enabled=false)");
        assertThat(analytics.isEnabled()).isFalse();

        assertThat(commands.enable()).isEqualTo("analytics enabled");
        assertThat(analytics.isEnabled()).isTrue();
    }

    @Test
    void aCommandThatDidNotAchieveWhatItSaysFails() {
        saveFailure = "/srv/jarvis is not writable";
        assertThatThrownBy(commands::disable).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/srv/jarvis is not writable");

        stillOffBecause = "environment variable DO_NOT_TRACK=1 is set; the environment wins over analytics:enable";
        assertThatThrownBy(commands::enable).isInstanceOf(IllegalStateException.class)
                .hasMessage("analytics stays off: " + stillOffBecause);
    }

    @Test
    void resetidRefusesWhileDisabled() {
        assertThat(commands.resetid()).isEqualTo("new anonymous id 01234567\u2026");
        analytics.setEnabled(false);
        assertThatThrownBy(commands::resetid).hasMessageContaining("analytics is off (");
    }

    @Test
    void aFailedCaptureIsAFailedCommand() {
        FakeAnalyticsService failing = new FakeAnalyticsService() {
            @Override
            public CaptureResult capture(String eventName, Map<String, ?> properties) {
                return CaptureResult.FAILED;
            }
        };
        AnalyticsCommands failingCommands = new AnalyticsCommands(failing, max -> List.of(), null, eventAdmin(),
                consentControl(), catalogues, this::dropped);

        assertThatThrownBy(() -> failingCommands.capture("feature_used")).hasMessageStartingWith("feature_used: FAILED (");
    }

    @Test
    void aWrongNumberOfArgumentsInTheShellIsAUsageMessage() throws Exception {
        for (String line : List.of("analytics:capture", "analytics:publish", "analytics:flush 1 2",
                "analytics:resetid now", "analytics:tail 1 2", "analytics:status x", "analytics:enable x",
                "analytics:disable x", "analytics:demo x")) {
            String command = line.split(" ")[0];
            assertThat(gogoFailure(line)).as(line).startsWith(command + ": usage: " + command);
        }
        assertThat(sent).isEmpty();
        assertThat(analytics.captures()).isEmpty();
    }

    @Test
    void theShellReachesEveryCommandWithTheArgumentsItTakesAndPrintsOnTheSessionsOutput() throws Exception {
        assertThat(gogo("analytics:capture feature_used feature_name=chat")).isEqualTo("feature_used: ACCEPTED");
        assertThat(gogo("analytics:publish org/openjarvis/core/SESSION_END session_id=s1"))
                .isEqualTo("published org/openjarvis/core/SESSION_END");
        assertThat(gogo("analytics:flush")).isEqualTo("flushed");
        assertThat(gogo("analytics:flush 100")).isEqualTo("flushed");
        assertThat(gogo("analytics:tail")).isEqualTo("(no events yet)");
        assertThat(gogo("analytics:tail 3")).isEqualTo("(no events yet)");
        assertThat(gogo("analytics:resetid")).isEqualTo("new anonymous id 01234567\u2026");
        assertThat(gogo("analytics:status")).startsWith("Analytics:    enabled");
        assertThat(gogo("analytics:catalogue feature_used")).startsWith("feature_used  (catalogue ");
        assertThat(gogo("analytics:demo")).startsWith("demo session demo-");
        assertThat(gogo("analytics:disable")).isEqualTo("analytics disabled (configuration enabled=false)");
        assertThat(gogo("analytics:enable")).isEqualTo("analytics enabled");
        assertThat(analytics.captures()).singleElement().satisfies(capture -> assertThat(capture.properties())
                .containsExactly(Map.entry("feature_name", "chat")));
    }

    @Test
    void aCaptureThatWasNotAcceptedIsAFailedCommandNamingTheResult() {
        assertThatThrownBy(() -> commandsAnswering(CaptureResult.UNKNOWN_EVENT).capture("nosuch_event"))
                .hasMessage("nosuch_event: UNKNOWN_EVENT (no catalogue in use declares it; analytics:catalogue lists "
                        + "them)");
        assertThatThrownBy(() -> commandsAnswering(CaptureResult.DROPPED_INCOMPLETE).capture("order_placed"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a property its catalogue requires");
        assertThatThrownBy(() -> commandsAnswering(CaptureResult.DROPPED_OVERFLOW).capture("feature_used"))
                .hasMessageStartingWith("feature_used: DROPPED_OVERFLOW (");
        assertThatThrownBy(() -> commandsAnswering(CaptureResult.DROPPED_OVERSIZED).capture("feature_used"))
                .hasMessageStartingWith("feature_used: DROPPED_OVERSIZED (");

        analytics.setEnabled(false);
        assertThatThrownBy(() -> commands.capture("feature_used", "feature_name=chat"))
                .hasMessage("feature_used: DISABLED (analytics is off: configuration enabled=false)");
    }

    @Test
    void demoPublishesAChatSessionOnEventAdminAndFlushes() {
        String result = commands.demo();

        assertThat(sent).extracting(Event::getTopic).containsExactly("org/openjarvis/core/INFERENCE_END",
                "org/openjarvis/core/TOOL_CALL_END", "org/openjarvis/core/INFERENCE_END",
                "org/openjarvis/core/SESSION_END");
        String session = (String) sent.get(0).getProperty("session_id");
        assertThat(session).startsWith("demo-");
        assertThat(sent).allSatisfy(event -> assertThat(event.getProperty("session_id")).isEqualTo(session));
        Event inference = sent.get(0);
        assertThat(inference.getProperty("model")).isEqualTo("llama3.1:8b");
        assertThat(inference.getProperty("engine")).isEqualTo("ollama");
        assertThat(inference.getProperty("input_tokens")).isEqualTo(12L);
        assertThat(inference.getProperty("output_tokens")).isEqualTo(48L);
        assertThat(inference.getProperty("latency_ms")).isEqualTo(850.0);
        assertThat(sent.get(1).getProperty("tool_name")).isEqualTo("calculator");
        assertThat(bridgeWaits).as("the bridge's queue was drained before the sinks were flushed").isEqualTo(1);
        assertThat(result).isEqualTo("demo session " + session + " published; see analytics:tail");
    }

    @Test
    void demoFailsWhileAnalyticsIsOffAndPublishesNothing() {
        analytics.setEnabled(false);

        assertThatThrownBy(commands::demo).isInstanceOf(IllegalStateException.class)
                .hasMessage("analytics is off (configuration enabled=false)");
        assertThat(sent).isEmpty();
    }

    @Test
    void demoFailsIfItsEventsCannotBeFlushed() {
        bridgeDrains = false;

        assertThatThrownBy(commands::demo).hasMessageContaining("flush did not complete");
    }

    // What the service's CaptureCheck answers, with this test's catalogues and the default screen.
    private List<PropertyFilter.Dropped> dropped(String event, Map<String, ?> properties) {
        EventSpec spec = catalogues.find(event);
        return spec == null ? List.of() : PropertyFilter.explain(spec, properties, PrivacyScreen.STRICT);
    }

    private AnalyticsCommands commandsAnswering(CaptureResult result) {
        FakeAnalyticsService answering = new FakeAnalyticsService() {
            @Override
            public CaptureResult capture(String eventName, Map<String, ?> properties) {
                return result;
            }
        };
        return new AnalyticsCommands(answering, max -> List.of(), null, eventAdmin(), consentControl(), catalogues,
                this::dropped);
    }

    @Test
    void aFailingCommandInTheShellPrintsItsMessageWithoutAClassNameAndMarksTheSession() throws Exception {
        assertThat(gogoFailure("analytics:flush not-a-number"))
                .isEqualTo("analytics:flush: timeout must be a whole number from 1 to 86400000, got 'not-a-number'");
        assertThat(gogoFailure("analytics:catalogue no_such_event")).isEqualTo("analytics:catalogue: no catalogue in "
                + "use declares the event 'no_such_event'; analytics:catalogue lists them");
    }

    /** What the command printed on the session's output; it printed nothing on its error stream and did not fail. */
    private String gogo(String line) throws Exception {
        GogoRun run = runInGogo(line);
        assertThat(run.err()).as(line).isEmpty();
        assertThat(run.failed()).as(line).isNull();
        return run.out();
    }

    /** What the failing command printed on the session's error stream; it printed nothing else, marked the session. */
    private String gogoFailure(String line) throws Exception {
        GogoRun run = runInGogo(line);
        assertThat(run.out()).as(line).isEmpty();
        assertThat(run.failed()).as(line).isEqualTo(Boolean.TRUE);
        return run.err();
    }

    private record GogoRun(String out, String err, Object failed) {
    }

    /**
     * Runs one line through a real Gogo runtime, which picks the function of {@link GogoCommands}, passes it the
     * session and converts the arguments. The command returns nothing itself: Karaf prints a returned value in its
     * console only, never for a batch or ssh command. Nor does it throw: Gogo would print the exception's class.
     */
    private GogoRun runInGogo(String line) throws Exception {
        ThreadIOImpl threadIO = new ThreadIOImpl();
        threadIO.start();
        try {
            CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
            GogoCommands functions = new GogoCommands(commands);
            for (String function : List.of("status", "enable", "disable", "capture", "publish", "flush", "resetid",
                    "tail", "catalogue", "demo")) {
                processor.addCommand("analytics", functions, function);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, err)) {
                assertThat(session.execute(line)).as("the value " + line + " returned").isNull();
                return new GogoRun(out.toString(StandardCharsets.UTF_8).stripTrailing(),
                        err.toString(StandardCharsets.UTF_8).stripTrailing(), session.get(GogoCommands.FAILED));
            }
        } finally {
            threadIO.stop();
        }
    }

    private EventAdmin eventAdmin() {
        return new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                sent.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                sent.add(event);
            }
        };
    }

    // The service's switch, reduced to its outcome.
    private ConsentControl consentControl() {
        return new ConsentControl() {
            @Override
            public void optOut() {
                analytics.setEnabled(false);
                if (saveFailure != null) {
                    throw new IllegalStateException(saveFailure);
                }
            }

            @Override
            public Optional<String> optIn() {
                analytics.setEnabled(stillOffBecause == null);
                return Optional.ofNullable(stillOffBecause);
            }
        };
    }
}
