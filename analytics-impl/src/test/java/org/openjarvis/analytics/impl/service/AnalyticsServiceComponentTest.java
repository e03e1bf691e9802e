package org.openjarvis.analytics.impl.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjarvis.analytics.impl.privacy.HashId;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.impl.catalogue.SchemaCompiler;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.catalogue.CatalogueRegistry;
import org.openjarvis.analytics.impl.catalogue.CatalogueOrigin;
import org.openjarvis.analytics.impl.testing.OpenJarvisCatalogues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.CatalogueEvent;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.openjarvis.analytics.impl.dispatch.EventSize;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.testing.RecordingLogger;
import org.openjarvis.analytics.impl.testing.RecordingSink;
import org.osgi.framework.Constants;

/** The service component driven directly, without a framework: consent, identity, pipeline and bad input. */
class AnalyticsServiceComponentTest {

    private static final Instant NOW = Instant.parse("2026-11-25T03:21:49.123Z");

    @TempDir
    Path home;

    private final RecordingLogger log = new RecordingLogger();
    private final RecordingSink sink = new RecordingSink();
    private final List<AnalyticsServiceComponent> started = new ArrayList<>();
    private final CatalogueRegistry catalogues = OpenJarvisCatalogues.registry();

    @AfterEach
    void deactivate() {
        started.forEach(AnalyticsServiceComponent::deactivate);
    }

    @Test
    void capturesRedactedValidatedEventsToBoundSinks() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("turn_count", 3);
        properties.put("model_hash", "8754b77c7eee26e4");
        properties.put("engine", "user@example.com"); // PII: redacted
        properties.put("prompt", "what is my password"); // not in the catalogue: invalid
        properties.put("email", "user@example.com"); // not in the catalogue either: invalid, its value unscreened
        properties.put("tokens_in", -1); // negative: invalid

        assertThat(service.capture(CatalogueEvent.CHAT_SESSION_ENDED, properties))
                .isEqualTo(CaptureResult.ACCEPTED);

        AnalyticsEvent event = sink.awaitEvents(1).get(0);
        assertThat(event.name()).isEqualTo("chat_session_ended");
        assertThat(event.properties()).containsExactly(Map.entry("turn_count", 3),
                Map.entry("model_hash", "8754b77c7eee26e4"));
        assertThat(event.distinctId()).isEqualTo(service.anonymousId().orElseThrow());
        assertThat(event.timestamp()).isEqualTo(NOW);
        assertThat(event.uuid().version()).isEqualTo(7);
        assertThat(service.status().counters()).containsEntry("captured", 1L)
                .containsEntry("properties_redacted", 1L).containsEntry("properties_invalid", 3L)
                .containsEntry("properties_over_limit", 0L);
    }

    @Test
    void aCaptureExaminesAtMostTheLimitOfPropertiesAndCountsTheRest() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("feature_name", "chat");
        int undeclared = 100_000;
        for (int i = 0; i < undeclared; i++) { // each value was screened by the 20 patterns: 35 s on one caller
            properties.put("k" + i, ("value " + i + " ").repeat(40).substring(0, 199));
        }

        long start = System.nanoTime();
        CaptureResult result = service.capture(CatalogueEvent.FEATURE_USED, properties);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(took).as("a generous bound").isLessThan(Duration.ofSeconds(10));
        assertThat(sink.awaitEvents(1).get(0).properties()).containsExactly(Map.entry("feature_name", "chat"));
        assertThat(service.status().counters()).containsEntry("captured", 1L)
                .containsEntry("properties_redacted", 0L)
                .containsEntry("properties_invalid", (long) PropertyFilter.MAX_PROPERTIES - 1)
                .containsEntry("properties_over_limit", (long) properties.size() - PropertyFilter.MAX_PROPERTIES);
    }

    @Test
    void anEventKeptForLaterIsAdmittedOnlyAsACaptureWouldHaveMadeIt() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.capture(CatalogueEvent.FEATURE_USED, Map.of("feature_name", "voice"));
        AnalyticsEvent captured = sink.awaitEvents(1).get(0);
        String id = captured.distinctId();
        UUID uuid = captured.uuid();
        String catalogue = OpenJarvisCatalogues.LABEL;

        assertThat(captured.catalogue()).contains(catalogue);
        assertThat(service.admits(captured)).isTrue();
        assertThat(service.admits(null)).isFalse();
        assertThat(service.admits(AnalyticsEvent.of(uuid, "feature_used", "someone-else", NOW,
                Map.of("feature_name", "voice"), catalogue))).as("another anonymous id").isFalse();
        assertThat(service.admits(AnalyticsEvent.of(uuid, "$identify", id, NOW, Map.of(), catalogue))).isFalse();
        assertThat(service.admits(AnalyticsEvent.of(uuid, "feature_used", id, NOW,
                Map.of("feature_name", "voice", "$set", "x"), catalogue))).as("an undeclared property").isFalse();
        assertThat(service.admits(AnalyticsEvent.of(uuid, "settings_changed", id, NOW,
                Map.of("setting_key", "jane@example.com"), catalogue))).as("PII").isFalse();
        assertThat(service.admits(AnalyticsEvent.of(uuid, "feature_used", id, NOW,
                Map.of("feature_name", "not-a-feature"), catalogue))).as("a value the validator refuses").isFalse();
        // Kept across an update of the bundle, but only for the bundle that declares the event.
        assertThat(service.admits(AnalyticsEvent.of(uuid, "feature_used", id, NOW, Map.of("feature_name", "voice"),
                EventCatalogue.BUNDLE + "/0.9.0.beta-1"))).as("an earlier version of the bundle").isTrue();
        for (String other : new String[] {"org.example.other/1.0.0", EventCatalogue.BUNDLE + "/1.0.0\n",
            EventCatalogue.BUNDLE + "/one", EventCatalogue.BUNDLE, EventCatalogue.BUNDLE + "x/1.0.0",
            "org.openjarvis.analytics.imp/1.0.0", EventCatalogue.BUNDLE + "/1.0.0/1.0.0", "",
            // As long, and different only in the last character of its name.
            EventCatalogue.BUNDLE.substring(0, EventCatalogue.BUNDLE.length() - 1) + "x/1.0.0"}) {
            assertThat(service.admits(AnalyticsEvent.of(uuid, "feature_used", id, NOW,
                    Map.of("feature_name", "voice"), other))).as("catalogue %s", other).isFalse();
        }
        assertThat(service.admits(AnalyticsEvent.of(uuid, "feature_used", id, NOW, Map.of("feature_name", "voice"))))
                .as("no catalogue").isFalse();

        service.modified(config(Map.of("enabled", false)));
        assertThat(service.admits(captured)).as("while analytics is off").isFalse();
    }

    @Test
    void aContributedEventIsCapturedWithItsCatalogueAndIsUnknownOnceItsBundleStops() throws Exception {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        catalogues.add(SchemaCompiler.compile(new CatalogueOrigin(42, "org.example.shop", "2.1.0",
                "OSGI-INF/analytics/catalogue.json"), """
                {"events": {"order_placed": {"type": "object", "properties": {
                  "items": {"type": "integer", "minimum": 1}, "coupon": {"type": "string", "x-openjarvis-hash": true}},
                  "required": ["items"]}}}""".getBytes(StandardCharsets.UTF_8)));

        assertThat(service.capture("order_placed", Map.of("items", 3, "coupon", "WINTER"))).isEqualTo(
                CaptureResult.ACCEPTED);
        assertThat(service.capture("order_placed", Map.of("items", 0))).as("below the minimum, and required")
                .isEqualTo(CaptureResult.DROPPED_INCOMPLETE);
        catalogues.remove(42);
        assertThat(service.capture("order_placed", Map.of("items", 3))).isEqualTo(CaptureResult.UNKNOWN_EVENT);

        AnalyticsEvent event = sink.awaitEvents(1).get(0);
        assertThat(event.catalogue()).contains("org.example.shop/2.1.0");
        assertThat(event.properties()).containsOnly(Map.entry("items", 3),
                Map.entry("coupon", HashId.hashId("WINTER")));
        assertThat(service.admits(event)).as("its catalogue is gone").isFalse();
        assertThat(service.status().counters()).containsEntry("captured", 1L)
                .containsEntry("dropped_incomplete", 1L).containsEntry("dropped_unknown_event", 1L)
                .containsEntry("properties_invalid", 1L);
    }

    @Test
    void turningOnWithAHomeThatIsAFileSaysWhyAnalyticsStaysOffNotThatAnOptOutCouldNotBeRemoved() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        AnalyticsServiceComponent service = start(Map.of("home", file.toString()), Map.of());

        Optional<String> stillOff = service.optIn();

        assertThat(stillOff).hasValueSatisfying(reason -> assertThat(reason).doesNotContain("opt-out")
                .contains(file.toString()));
        assertThat(service.isEnabled()).isFalse();
    }

    @Test
    void theAnonymousIdIsCreatedInHomeAndKeptAcrossRestarts() throws Exception {
        AnalyticsServiceComponent first = start(Map.of(), Map.of());
        String id = first.anonymousId().orElseThrow();

        assertThat(Files.readString(home.resolve("anon_id"))).isEqualTo(id + "\n");
        assertThat(start(Map.of(), Map.of()).anonymousId()).contains(id);
    }

    @Test
    void theFrameworkPropertyIsTheHomeWhileTheConfigurationSetsNone() throws Exception {
        Path launcherHome = home.resolve("launcher");
        Path configuredHome = home.resolve("configured");
        Map<String, String> environment = Map.of("OPENJARVIS_HOME", home.resolve("env").toString());
        AnalyticsServiceComponent service = new AnalyticsServiceComponent(config(Map.of("home", "")), log.logger(),
                environment, new OpenJarvisHome(launcherHome.toString(), environment, "/nonexistent-user-home"),
                Clock.systemUTC(), OpenJarvisCatalogues.registry());
        started.add(service);
        String launcherId = service.anonymousId().orElseThrow();

        service.modified(config(Map.of("home", configuredHome.toString())));
        String configuredId = service.anonymousId().orElseThrow();
        // A configuration replaced whole (as FileInstall does) has no home again: back to the launcher's.
        service.modified(config(Map.of("home", "", "session.tick.seconds", 10L)));

        assertThat(Files.readString(launcherHome.resolve("anon_id"))).isEqualTo(launcherId + "\n");
        assertThat(Files.readString(configuredHome.resolve("anon_id"))).isEqualTo(configuredId + "\n");
        assertThat(service.anonymousId()).contains(launcherId);
        assertThat(home.resolve("env")).doesNotExist();
    }

    @Test
    void consentOffInConfigCreatesNoIdAndDeliversNothing() {
        AnalyticsServiceComponent service = start(Map.of("enabled", false), Map.of());

        assertThat(service.capture("feature_used", Map.of("feature_name", "chat")))
                .isEqualTo(CaptureResult.DISABLED);
        assertThat(service.isEnabled()).isFalse();
        assertThat(service.disabledReason()).contains("configuration enabled=false");
        assertThat(service.anonymousId()).isEmpty();
        assertThat(service.resetAnonymousId()).isEmpty();
        assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(home.resolve("anon_id")).doesNotExist();
        assertThat(sink.events()).isEmpty();
        assertThat(service.status().counters()).containsEntry("rejected_disabled", 1L);
    }

    @Test
    void doNotTrackOverridesAnEnabledConfig() {
        AnalyticsServiceComponent service = start(Map.of("enabled", true), Map.of("DO_NOT_TRACK", "1"));

        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.DISABLED);
        assertThat(service.disabledReason()).contains("environment variable DO_NOT_TRACK=1 is set");
        assertThat(home.resolve("anon_id")).doesNotExist();

        // Every later configuration path (Config Admin's modified, analytics:enable) ends in modified().
        service.modified(config(Map.of("enabled", true)));
        service.modified(config(Map.of("enabled", true, "home", home.resolve("other").toString())));

        assertThat(service.isEnabled()).isFalse();
        assertThat(service.capture("feature_used", Map.of("feature_name", "chat"))).isEqualTo(CaptureResult.DISABLED);
        assertThat(service.flush(Duration.ofSeconds(1))).isTrue();
        assertThat(sink.events()).isEmpty();
        assertThat(home.resolve("anon_id")).doesNotExist();
        assertThat(home.resolve("other").resolve("anon_id")).doesNotExist();
    }

    @Test
    void disablingAtRuntimeDiscardsWhatWasNotDeliveredAndEnablingCreatesTheId() {
        AnalyticsServiceComponent service = start(Map.of("enabled", false), Map.of());
        service.unbindSink(sink);
        service.modified(config(Map.of("enabled", true)));
        assertThat(home.resolve("anon_id")).exists();
        service.capture("feature_used", Map.of("feature_name", "chat"));
        assertThat(service.status().counters()).containsEntry("backlog", 1L);

        service.modified(config(Map.of("enabled", false)));

        assertThat(service.status().counters()).containsEntry("backlog", 0L).containsEntry("dropped_consent", 1L);
        service.bindSink(sink, Map.of(AnalyticsSink.NAME_PROPERTY, "late"));
        assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void eventsCapturedBeforeAnySinkIsBoundAreDeliveredWhenOneArrives() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.unbindSink(sink);
        service.capture("app_opened", Map.of("version", "1.0"));
        service.capture("app_opened", Map.of("version", "2.0"));

        RecordingSink late = new RecordingSink();
        service.bindSink(late, Map.of(AnalyticsSink.NAME_PROPERTY, "late"));

        assertThat(late.awaitEvents(2)).extracting(e -> e.properties().get("version")).containsExactly("1.0", "2.0");
    }

    @Test
    void backlogOverflowIsCountedNeverSilent() {
        AnalyticsServiceComponent service = start(Map.of("backlog.capacity", 2), Map.of());
        service.unbindSink(sink);

        List<CaptureResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(service.capture("feature_used", Map.of()));
        }

        assertThat(results).containsExactly(CaptureResult.ACCEPTED, CaptureResult.ACCEPTED,
                CaptureResult.DROPPED_OVERFLOW, CaptureResult.DROPPED_OVERFLOW, CaptureResult.DROPPED_OVERFLOW);
        assertThat(service.status().counters()).containsEntry("captured", 2L).containsEntry("dropped_overflow", 3L);
    }

    @Test
    void anEventEstimatedAtExactlyTheSizeLimitIsAcceptedAndOneByteMoreIsDropped() {
        // The reference screen keeps a number of any size, so one property can make the event as large as needed.
        AnalyticsServiceComponent service = start(Map.of("privacy.screen", "reference"), Map.of());
        String id = service.anonymousId().orElseThrow();

        assertThat(service.capture("usage_daily_summary", Map.of("sessions",
                numberMaking(id, CapturePipeline.MAX_EVENT_BYTES)))).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(service.capture("usage_daily_summary", Map.of("sessions",
                numberMaking(id, CapturePipeline.MAX_EVENT_BYTES + 1)))).isEqualTo(CaptureResult.DROPPED_OVERSIZED);
        assertThat(service.status().counters()).containsEntry("captured", 1L).containsEntry("dropped_oversized", 1L);
    }

    @Test
    void badInputNeverEscapesCapture() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        Map<String, Object> odd = new HashMap<>();
        odd.put(null, "null key");
        odd.put("rating", null);
        odd.put("has_comment", new Object());
        odd.put("setting_key", new int[] {1});

        assertThat(service.capture((String) null, null)).isEqualTo(CaptureResult.UNKNOWN_EVENT);
        assertThat(service.capture("Feature_Used", Map.of())).isEqualTo(CaptureResult.UNKNOWN_EVENT);
        assertThat(service.capture("feedback_submitted", odd)).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(service.capture("settings_changed", Map.of("setting_key", "x".repeat(10_000_000))))
                .isEqualTo(CaptureResult.ACCEPTED);
        assertThat(service.capture("feedback_submitted", Map.of("rating", "5", "has_comment", 1)))
                .isEqualTo(CaptureResult.ACCEPTED);
        // Strict: the number is refused on its own, above 2^53; the reference keeps it, and the event is too large.
        assertThat(service.capture("usage_daily_summary", Map.of("sessions", BigInteger.ONE.shiftLeft(8_000_000))))
                .isEqualTo(CaptureResult.ACCEPTED);
        assertThat(service.status().counters()).containsEntry("properties_out_of_range", 1L);
        service.modified(config(Map.of("home", home.toString(), "privacy.screen", "reference")));
        assertThat(service.capture("usage_daily_summary", Map.of("sessions", BigInteger.ONE.shiftLeft(8_000_000))))
                .isEqualTo(CaptureResult.DROPPED_OVERSIZED);
        service.modified(config(Map.of("home", home.toString())));
        assertThat(service.capture("feature_used", failingWith(new IllegalStateException("hostile map"))))
                .isEqualTo(CaptureResult.FAILED);
        // A checked exception thrown sneakily, and an Error that is not the JVM's fault, are the caller's map's too.
        assertThat(service.capture("feature_used", failingWith(new IOException("hostile map"))))
                .isEqualTo(CaptureResult.FAILED);
        assertThat(service.capture("feature_used", failingWith(new AssertionError("hostile map"))))
                .isEqualTo(CaptureResult.FAILED);
        assertThat(service.capture("feature_used", new EndlessMap()))
                .isEqualTo(CaptureResult.FAILED);

        List<AnalyticsEvent> events = sink.awaitEvents(4);
        events.forEach(e -> assertThat(e.properties()).isEmpty());
        assertThat(service.status().counters()).containsEntry("dropped_unknown_event", 2L)
                .containsEntry("dropped_oversized", 1L).containsEntry("dropped_error", 4L)
                .containsEntry("captured", 4L);
    }

    @Test
    void aBrokenJvmIsNotHiddenFromTheCaller() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());

        assertThatThrownBy(() -> service.capture("feature_used", failingWith(new OutOfMemoryError("test"))))
                .isInstanceOf(OutOfMemoryError.class).hasMessage("test");
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.ACCEPTED);
    }

    @Test
    void anInterruptThrownByTheCallersMapIsKeptForTheCaller() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());

        CaptureResult result = service.capture("feature_used", failingWith(new InterruptedException("test")));

        assertThat(Thread.interrupted()).as("the interrupt is restored (and cleared here)").isTrue();
        assertThat(result).isEqualTo(CaptureResult.FAILED);
    }

    @Test
    void aKeyThatIsNotAStringIsSkippedAsInvalidAndTheRestIsCaptured() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        Map<Object, Object> raw = new LinkedHashMap<>();
        raw.put(42, "x");
        raw.put("setting_key", "ok");
        raw.put(null, "y");
        @SuppressWarnings("unchecked")
        Map<String, ?> properties = (Map<String, ?>) (Map<?, ?>) raw; // what a raw-typed caller hands over

        assertThat(service.capture("settings_changed", properties)).isEqualTo(CaptureResult.ACCEPTED);

        assertThat(sink.awaitEvents(1).get(0).properties()).containsExactly(Map.entry("setting_key", "ok"));
        assertThat(service.status().counters()).containsEntry("properties_invalid", 2L)
                .containsEntry("dropped_error", 0L);
    }

    @Test
    void flushWithoutATimeoutIsANullPointerExceptionNamingIt() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());

        assertThatThrownBy(() -> service.flush(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout must not be null");
    }

    @Test
    void anUnwritableHomeDisablesAnalyticsWithAReasonInsteadOfFailing() throws Exception {
        Path notADirectory = Files.writeString(home.resolve("occupied"), "x");

        AnalyticsServiceComponent service = start(Map.of("home", notADirectory.toString()), Map.of());

        assertThat(service.isEnabled()).isFalse();
        assertThat(service.disabledReason().orElseThrow()).contains("anonymous id file").contains("occupied");
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.DISABLED);
        assertThat(log.lines()).anyMatch(line -> line.startsWith("ERROR Analytics cannot run"));

        service.modified(config(Map.of("home", home.resolve("fixed").toString())));
        assertThat(service.isEnabled()).isTrue();
    }

    @Test
    void resetReplacesTheIdUsedByLaterEvents() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        String before = service.anonymousId().orElseThrow();

        String after = service.resetAnonymousId().orElseThrow();
        service.capture("feature_used", Map.of());

        assertThat(after).isNotEqualTo(before);
        assertThat(UUID.fromString(after)).isNotNull();
        assertThat(sink.awaitEvents(1).get(0).distinctId()).isEqualTo(after);
    }

    @Test
    void aBadValueIsAClearErrorNamingThePidAndPropertyAndTheServiceStaysUpOnTheDefault() {
        AnalyticsServiceComponent service = start(Map.of("backlog.capacity", -5, "session.tick.seconds", "lots"),
                Map.of());

        assertThat(service.isEnabled()).isTrue();
        assertThat(log.lines()).contains("ERROR Configuration org.openjarvis.analytics: backlog.capacity must be a "
                + "whole number from 1 to 1000000, got -5; keeping 100000", "ERROR Configuration "
                + "org.openjarvis.analytics: session.tick.seconds must be a whole number from 1 to 3600, got other "
                + "text; keeping 30");
        service.modified(config(Map.of("shutdown.timeout.ms", "12345678901234567890")));
        assertThat(service.isEnabled()).isTrue();
        assertThat(log.lines()).anyMatch(line -> line.startsWith("ERROR Configuration org.openjarvis.analytics: "
                + "shutdown.timeout.ms must be a whole number"));
    }

    @Test
    void anOptOutTakesEffectWhateverElseInTheConfigurationIsWrong() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.capture("feature_used", Map.of());
        sink.awaitEvents(1);

        service.modified(config(Map.of("enabled", "false", "backlog.capacity", 0, "platform", "amiga",
                "session.idle.timeout.seconds", "10000O")));

        assertThat(service.isEnabled()).isFalse();
        assertThat(service.disabledReason()).contains("configuration enabled=false");
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.DISABLED);
        assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR Configuration")).hasSize(3);
    }

    @Test
    void anEnabledThatIsNotABooleanIsAnErrorAndMeansOff() {
        AnalyticsServiceComponent service = start(Map.of("enabled", "maybe"), Map.of());

        assertThat(service.isEnabled()).isFalse();
        assertThat(service.disabledReason()).contains("configuration org.openjarvis.analytics: enabled is not true "
                + "or false");
        assertThat(home.resolve("anon_id")).doesNotExist();
        assertThat(log.lines()).contains("ERROR Configuration org.openjarvis.analytics: enabled must be true or "
                + "false, got other text; keeping false");
        service.modified(config(Map.of("enabled", " TRUE ")));
        assertThat(service.isEnabled()).isTrue();
    }

    @Test
    void theUsersOptOutIsKeptWithTheHomeAndLastsAcrossRestartsWhateverTheConfigurationSays() throws Exception {
        AnalyticsServiceComponent first = start(Map.of(), Map.of());
        first.capture("feature_used", Map.of());
        sink.awaitEvents(1);

        first.optOut();
        Path record = home.resolve("analytics_opt_out");
        assertThat(record).exists();
        assertThat(Files.getPosixFilePermissions(record)).containsOnly(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(first.isEnabled()).isFalse();
        assertThat(first.disabledReason().orElseThrow()).isEqualTo("turned off with analytics:disable (" + record
                + ")");
        first.deactivate();

        AnalyticsServiceComponent restarted = start(Map.of("enabled", true), Map.of());
        assertThat(restarted.isEnabled()).as("a restart with enabled=true keeps the user's opt-out").isFalse();
        assertThat(restarted.optIn()).isEmpty();
        assertThat(restarted.isEnabled()).isTrue();
        assertThat(record).doesNotExist();
    }

    @Test
    void turningOnAgainSaysWhichSourceStillSaysNo() {
        AnalyticsServiceComponent underEnvironment = start(Map.of(), Map.of("DO_NOT_TRACK", "1"));
        underEnvironment.optOut();
        assertThat(underEnvironment.optIn()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("environment variable DO_NOT_TRACK=1 is set").contains("the environment wins"));
        assertThat(underEnvironment.isEnabled()).isFalse();

        AnalyticsServiceComponent underConfiguration = start(Map.of("enabled", false), Map.of());
        assertThat(underConfiguration.optIn()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("configuration enabled=false").contains("must say enabled=true"));
    }

    @Test
    void anOptOutThatCannotBeSavedStillTurnsAnalyticsOffAndSaysItWillNotLast() throws Exception {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        // A directory that is not empty where the record is written first: it can be neither removed nor replaced.
        Files.createDirectories(home.resolve("analytics_opt_out.tmp/occupied"));

        assertThatThrownBy(service::optOut).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("analytics is off until this process ends, but the opt-out could not be "
                        + "saved");
        assertThat(service.isEnabled()).isFalse();
        assertThat(service.disabledReason().orElseThrow()).contains("not saved");
        service.modified(config(Map.of("enabled", true)));
        assertThat(service.isEnabled()).as("the opt-out holds for this run").isFalse();
    }

    @Test
    void aSinkBoundWhileConsentIsOffIsToldToDiscardWhatItKeptFromBefore() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of("DO_NOT_TRACK", "1"));
        RecordingSink spooling = new RecordingSink() {
            @Override
            public long discardPending() {
                return 20; // a spool left by an earlier run
            }
        };

        service.bindSink(spooling, Map.of(AnalyticsSink.NAME_PROPERTY, "spooling"));

        assertThat(log.lines()).contains("INFO Analytics is off: sink spooling discarded 20 events it had kept from "
                + "before");
    }

    @Test
    void deactivationHandsQueuedEventsToTheSinksAndCountsWhatHadNoSink() {
        AnalyticsServiceComponent withSink = start(Map.of(), Map.of());
        withSink.capture("feature_used", Map.of());
        withSink.deactivate();
        assertThat(sink.events()).hasSize(1);
        assertThat(log.lines()).as("nothing was dropped").noneMatch(line -> line.contains("were dropped"));

        AnalyticsServiceComponent withoutSink = start(Map.of(), Map.of());
        withoutSink.unbindSink(sink);
        withoutSink.capture("feature_used", Map.of());
        withoutSink.deactivate();
        assertThat(withoutSink.status().counters()).containsEntry("dropped_shutdown", 1L);
        assertThat(log.lines()).anyMatch(line -> line.contains("1 accepted events were dropped"));
    }

    @Test
    void statusListsSinksAndMasksNothingItself() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());

        AnalyticsStatus status = service.status();

        assertThat(status.enabled()).isTrue();
        assertThat(status.anonymousId()).isEqualTo(service.anonymousId());
        assertThat(status.sinks()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("recording"));
        assertThat(log.lines()).anyMatch(line -> line.startsWith("INFO Analytics enabled; anonymous id "))
                .noneMatch(line -> line.contains(service.anonymousId().get()));
    }

    @Test
    void anEventWhoseCaptureWasUnderWayWhenConsentWasWithdrawnNeverReachesASink() throws Exception {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        PausingProperties properties = new PausingProperties();
        CompletableFuture<CaptureResult> capture = CompletableFuture.supplyAsync(
                () -> service.capture("feature_used", properties));
        properties.awaitRead(); // past the consent check, before the hand-off

        service.modified(config(Map.of("enabled", false)));
        properties.resume();

        assertThat(capture.get(10, TimeUnit.SECONDS)).isEqualTo(CaptureResult.DISABLED);
        service.flush(Duration.ofSeconds(5));
        assertThat(sink.events()).isEmpty();
        assertThat(service.status().counters()).containsEntry("captured", 0L).containsEntry("rejected_disabled", 1L);

        service.modified(config(Map.of("enabled", true)));
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(sink.awaitEvents(1)).hasSize(1);
    }

    @Test
    void anEventWhoseCaptureWasUnderWayWhenTheServiceStoppedIsRefusedAndCounted() throws Exception {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        PausingProperties properties = new PausingProperties();
        CompletableFuture<CaptureResult> capture = CompletableFuture.supplyAsync(
                () -> service.capture("feature_used", properties));
        properties.awaitRead();

        service.deactivate();
        service.unbindSink(sink); // SCR unbinds dynamic references after deactivation
        properties.resume();

        assertThat(capture.get(10, TimeUnit.SECONDS)).isEqualTo(CaptureResult.DISABLED);
        assertThat(service.status().counters()).containsEntry("captured", 0L).containsEntry("rejected_disabled", 1L)
                .containsEntry("backlog", 0L);
    }

    @Test
    void aBadValueKeepsItsPreviousSettingWhileTheOthersApply() {
        AnalyticsServiceComponent service = start(Map.of("backlog.capacity", 1), Map.of());
        String id = service.anonymousId().orElseThrow();
        service.unbindSink(sink); // events wait in the backlog, bounded by backlog.capacity

        service.modified(config(Map.of("backlog.capacity", "10000O", "home", "bad\u0000home",
                "shutdown.timeout.ms", 1_000L)));

        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(service.capture("feature_used", Map.of())).as("the capacity of 1 still applies")
                .isEqualTo(CaptureResult.DROPPED_OVERFLOW);
        assertThat(service.anonymousId()).as("the previous home still applies").contains(id);
        assertThat(log.lines()).anyMatch(line -> line.contains("home is not a valid directory path here")
                && line.endsWith("keeping the previous home")).noneMatch(line -> line.contains("bad\u0000"));
    }

    @Test
    void theStrictScreenIsOnByDefaultCountedAndSwitchedByPrivacyScreen() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        Map<String, Object> leaky = Map.of("installer_version", "srv_192.168.0.10", "os", "linux");

        assertThat(service.capture("install_started", leaky)).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(service.capture("chat_session_ended", Map.of("latency_ms_p50", Double.POSITIVE_INFINITY,
                "tokens_in", 4_111_111_111_111_111L))).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(sink.awaitEvents(2).get(0).properties()).containsExactly(Map.entry("os", "linux"));
        assertThat(sink.events().get(1).properties()).isEmpty();
        assertThat(service.status().counters()).containsEntry("properties_redacted_strict", 2L)
                .containsEntry("properties_out_of_range", 1L).containsEntry("properties_redacted", 0L);

        service.modified(config(Map.of("home", home.toString(), "privacy.screen", "reference")));
        assertThat(service.capture("install_started", leaky)).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(sink.awaitEvents(3).get(2).properties()).containsEntry("installer_version", "srv_192.168.0.10");
    }

    @Test
    void aBadPrivacyScreenIsOneLineAndMeansStrictWhateverCameBefore() {
        AnalyticsServiceComponent service = start(Map.of("privacy.screen", "reference"), Map.of());

        service.modified(config(Map.of("home", home.toString(), "privacy.screen",
                "phc_FAKE_key_pasted_into_the_wrong_field_00000")));
        service.capture("settings_changed", Map.of("setting_key", "bob@example.org"));
        service.modified(config(Map.of("home", home.toString(), "privacy.screen", List.of("reference"))));
        service.capture("settings_changed", Map.of("setting_key", "srv_192.168.0.10"));

        assertThat(service.status().counters()).containsEntry("properties_redacted_strict", 1L)
                .containsEntry("properties_redacted", 1L);
        assertThat(log.lines()).anyMatch(line -> line.contains("org.openjarvis.analytics")
                && line.contains("privacy.screen") && line.contains("using strict"))
                .noneMatch(line -> line.contains("FAKE_key"));
    }

    @Test
    void anIdFileThatHoldsNoUuidIsReplacedAndNeverSentOrLogged() throws IOException {
        Files.writeString(home.resolve("anon_id"), "bob@example.com /home/bob phone\n");

        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.capture("feature_used", Map.of());

        String id = service.anonymousId().orElseThrow();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(sink.awaitEvents(1).get(0).distinctId()).isEqualTo(id);
        assertThat(Files.readString(home.resolve("anon_id"))).isEqualTo(id + "\n");
        assertThat(log.lines()).anyMatch(line -> line.contains("did not hold a UUID"))
                .noneMatch(line -> line.contains("bob"));
    }

    @Test
    void everyChangeLogsTheStateItLeavesAnalyticsIn() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.capture("feature_used", Map.of());
        sink.awaitEvents(1);

        List<String> disabled = logged(() -> service.modified(config(Map.of("enabled", false))));
        assertThat(disabled).contains("INFO Analytics disabled: " + service.disabledReason().orElseThrow(),
                "INFO Consent withdrawn: discarded 0 events that had not been delivered yet");

        List<String> enabled = logged(() -> service.modified(config(Map.of("enabled", true))));
        assertThat(enabled).containsExactly("INFO Analytics enabled; anonymous id "
                + maskOf(service.anonymousId().orElseThrow()));

        List<String> optedOut = logged(service::optOut);
        assertThat(optedOut).contains("INFO Analytics disabled: " + service.disabledReason().orElseThrow());

        List<String> optedIn = logged(service::optIn);
        assertThat(optedIn).containsExactly("INFO Analytics enabled; anonymous id "
                + maskOf(service.anonymousId().orElseThrow()));

        String[] reset = new String[1];
        List<String> afterReset = logged(() -> reset[0] = service.resetAnonymousId().orElseThrow());
        assertThat(afterReset).containsExactly("INFO Analytics enabled; anonymous id " + maskOf(reset[0]));
    }

    @Test
    void withdrawingConsentLogsHowManyUndeliveredEventsWereDiscarded() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.unbindSink(sink);
        service.capture("feature_used", Map.of());
        service.capture("app_opened", Map.of());

        List<String> lines = logged(() -> service.modified(config(Map.of("enabled", false))));

        assertThat(lines).contains("INFO Consent withdrawn: discarded 2 events that had not been delivered yet");
        assertThat(service.status().counters()).containsEntry("dropped_consent", 2L);
    }

    @Test
    void anOptOutThatCannotBeRemovedKeepsAnalyticsOffAndSaysSo() throws Exception {
        // A directory that is not empty in the record's place: it counts as the record, and cannot be deleted.
        Files.createDirectories(home.resolve("analytics_opt_out").resolve("occupied"));
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        assertThat(service.isEnabled()).isFalse();

        assertThatThrownBy(service::optIn).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the opt-out could not be removed, so analytics stays off");
        assertThat(service.isEnabled()).isFalse();
        assertThat(home.resolve("anon_id")).doesNotExist();
    }

    @Test
    void turningOnAgainWhileNoIdCanBeCreatedSaysWhy() throws Exception {
        // A directory that is not empty in the id file's place: no id can be read or written there.
        Files.createDirectories(home.resolve("anon_id").resolve("occupied"));
        AnalyticsServiceComponent service = start(Map.of(), Map.of());

        assertThat(service.optIn()).hasValueSatisfying(reason -> assertThat(reason).contains("anonymous id file")
                .contains("could not be read or written"));
        assertThat(service.isEnabled()).isFalse();
    }

    @Test
    void withNoUsableHomeAnywhereAnalyticsIsOffWithTheReasonAndThereIsNoIdToReset() {
        Map<String, String> environment = Map.of();
        // The configuration sets no home, and the launcher's is not a path: no id can be kept anywhere.
        AnalyticsServiceComponent service = new AnalyticsServiceComponent(Map.of(), log.logger(), environment,
                new OpenJarvisHome("bad\u0000home", environment, "/nonexistent-user-home"),
                Clock.fixed(NOW, ZoneOffset.UTC), catalogues);
        started.add(service);
        service.bindSink(sink, Map.of(AnalyticsSink.NAME_PROPERTY, "recording"));

        assertThat(service.isEnabled()).isFalse();
        assertThat(service.disabledReason().orElseThrow()).contains(OpenJarvisHome.PROPERTY)
                .contains("not a valid directory path").doesNotContain("bad\u0000");
        assertThat(service.anonymousId()).isEmpty();
        assertThat(service.resetAnonymousId()).isEmpty();
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.DISABLED);
        assertThat(log.lines()).anyMatch(line -> line.startsWith("ERROR Analytics cannot run: ")
                && line.contains(OpenJarvisHome.PROPERTY));

        service.modified(config(Map.of("home", home.toString())));
        assertThat(service.isEnabled()).isTrue();
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.ACCEPTED);
    }

    @Test
    void anIdThatCannotBeReplacedTurnsAnalyticsOffWithTheReason() throws Exception {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        // A directory that is not empty in the id file's place: the reset can neither delete nor replace it.
        Files.delete(home.resolve("anon_id"));
        Files.createDirectories(home.resolve("anon_id").resolve("occupied"));

        assertThat(service.resetAnonymousId()).isEmpty();

        assertThat(service.isEnabled()).isFalse();
        assertThat(service.anonymousId()).isEmpty();
        assertThat(service.disabledReason().orElseThrow()).contains("anonymous id file")
                .contains("could not be read or written");
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.DISABLED);
    }

    @Test
    void aSubscriberIsToldTheCurrentStateAtOnceThenEveryChangeInOrderUntilItLeaves() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        RecordingListener listener = new RecordingListener();

        service.subscribe(listener);
        assertThat(listener.calls()).containsExactly("settings enabled=true");

        service.modified(config(Map.of("enabled", false)));
        assertThat(listener.calls()).containsExactly("settings enabled=true", "settings enabled=false",
                "consent withdrawn");

        service.modified(config(Map.of("enabled", true, "backlog.capacity", 7)));
        assertThat(listener.calls()).containsExactly("settings enabled=true", "settings enabled=false",
                "consent withdrawn", "settings enabled=true", "consent granted");
        assertThat(listener.settings.get(listener.settings.size() - 1).backlogCapacity()).isEqualTo(7);

        service.unsubscribe(listener);
        service.modified(config(Map.of("enabled", false)));
        assertThat(listener.calls()).hasSize(5);
    }

    @Test
    void aHandOverDrainsEveryListenerBeforeAnyReportsWhatItHoldsOpen() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        List<String> told = new CopyOnWriteArrayList<>();
        for (String name : List.of("bridge", "aggregator")) {
            service.subscribe(new RecordingListener() {
                @Override
                public void drainQueued(Deadline deadline) {
                    told.add("drain " + name);
                }

                @Override
                public void reportOpen() {
                    told.add("report " + name);
                }
            });
        }

        service.handOver(Duration.ofSeconds(1));

        assertThat(told).containsExactly("drain bridge", "drain aggregator", "report bridge", "report aggregator");
    }

    @Test
    void aSubscriberArrivingWhileConsentIsOffIsToldSoAtOnce() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of("OPENJARVIS_NO_ANALYTICS", "1"));
        RecordingListener listener = new RecordingListener();

        service.subscribe(listener);

        assertThat(listener.calls()).containsExactly("settings enabled=true", "consent withdrawn");
    }

    @Test
    void aBrokenListenerIsLoggedAndDoesNotStopTheOthersFromFollowing() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        RecordingListener broken = new RecordingListener() {
            @Override
            public void consentWithdrawn() {
                throw new IllegalStateException("broken listener");
            }
        };
        RecordingListener following = new RecordingListener();
        service.subscribe(broken);
        service.subscribe(following);

        service.modified(config(Map.of("enabled", false)));

        assertThat(following.calls()).endsWith("settings enabled=false", "consent withdrawn");
        assertThat(log.lines()).contains("ERROR An analytics component failed to follow a configuration change: "
                + new IllegalStateException("broken listener"));
        assertThat(service.isEnabled()).isFalse();
    }

    @Test
    void aNewBacklogCapacityAppliesToTheNextCapture() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.unbindSink(sink); // events wait in the backlog, bounded by backlog.capacity

        service.modified(config(Map.of("backlog.capacity", 1)));

        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(service.capture("feature_used", Map.of())).isEqualTo(CaptureResult.DROPPED_OVERFLOW);
    }

    @Test
    void flushSaysWhenASinkDidNotFinishInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch delivering = new CountDownLatch(1);
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        service.unbindSink(sink);
        RecordingSink stuck = new RecordingSink() {
            @Override
            public void deliver(AnalyticsEvent event) {
                delivering.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.deliver(event);
            }
        };
        service.bindSink(stuck, Map.of(AnalyticsSink.NAME_PROPERTY, "stuck"));
        service.capture("feature_used", Map.of());
        assertThat(delivering.await(10, TimeUnit.SECONDS)).isTrue();

        try {
            assertThat(service.flush(Duration.ofMillis(50))).as("the sink is still handling the event").isFalse();
        } finally {
            release.countDown();
        }
        assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(stuck.events()).hasSize(1);
    }

    @Test
    void recentEventsAreTheLastOnesHandedToSinksOldestFirst() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of());
        for (String feature : List.of("chat", "voice", "agents")) {
            service.capture("feature_used", Map.of("feature_name", feature));
        }
        sink.awaitEvents(3);

        assertThat(service.recentEvents(2)).extracting(e -> e.properties().get("feature_name"))
                .containsExactly("voice", "agents");
        assertThat(service.recentEvents(10)).isEqualTo(sink.events());
    }

    @Test
    void aSinkWithoutANameIsShownByItsClassAndServiceIdAndBindingItDiscardsNothing() {
        AnalyticsServiceComponent service = start(Map.of(), Map.of("DO_NOT_TRACK", "1"));
        RecordingSink unnamed = new RecordingSink();
        RecordingSink blank = new RecordingSink();

        service.bindSink(unnamed, Map.of(Constants.SERVICE_ID, 42L));
        service.bindSink(blank, Map.of(Constants.SERVICE_ID, 43L, AnalyticsSink.NAME_PROPERTY, " "));

        List<String> names = service.status().sinks().stream().map(SinkStatus::name).toList();
        assertThat(names).hasSize(3);
        assertThat(names.get(1)).isNotBlank().contains(RecordingSink.class.getSimpleName()).contains("42");
        assertThat(names.get(2)).isNotBlank().contains(RecordingSink.class.getSimpleName()).contains("43");
        assertThat(log.lines()).contains("INFO Analytics sink bound: " + names.get(1),
                "INFO Analytics sink bound: " + names.get(2));
        assertThat(log.lines()).as("neither sink kept anything from before").noneMatch(line -> line.contains(
                "discarded"));
    }

    /** A whole number that makes a usage_daily_summary of {@code distinctId} carrying it weigh {@code bytes}. */
    private static BigInteger numberMaking(String distinctId, long bytes) {
        int low = 1;
        int high = 64 * 1024 * 1024; // bits: far more than any limit needs
        while (low < high) { // the smallest bit length that reaches the size; the estimate grows with it
            int bits = (low + high) >>> 1;
            if (sizeOfSummaryWith(distinctId, BigInteger.ONE.shiftLeft(bits - 1)) < bytes) {
                low = bits + 1;
            } else {
                high = bits;
            }
        }
        BigInteger number = BigInteger.ONE.shiftLeft(low - 1);
        assertThat(sizeOfSummaryWith(distinctId, number)).as("a number of that exact size").isEqualTo(bytes);
        return number;
    }

    private static long sizeOfSummaryWith(String distinctId, BigInteger sessions) {
        return EventSize.estimate(AnalyticsEvent.of(UUID.randomUUID(), "usage_daily_summary", distinctId, NOW,
                Map.of("sessions", sessions), OpenJarvisCatalogues.LABEL));
    }

    /** The lines {@code action} logged. */
    private List<String> logged(Runnable action) {
        int before = log.lines().size();
        action.run();
        List<String> lines = log.lines();
        return lines.subList(before, lines.size());
    }

    // As the logs show an anonymous id: its first 8 characters and an ellipsis (AnonymousIds).
    private static String maskOf(String anonymousId) {
        return anonymousId.substring(0, 8) + "\u2026";
    }

    /** A listener that records what it is told, in order. */
    private static class RecordingListener implements AnalyticsSettingsSource.Listener {
        final List<AnalyticsSettings> settings = new CopyOnWriteArrayList<>();
        private final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void settingsChanged(AnalyticsSettings changed) {
            settings.add(changed);
            calls.add("settings enabled=" + changed.enabled());
        }

        @Override
        public void consentWithdrawn() {
            calls.add("consent withdrawn");
        }

        @Override
        public void consentGranted() {
            calls.add("consent granted");
        }

        List<String> calls() {
            return List.copyOf(calls);
        }
    }

    /** A caller's map that throws {@code failure} when read, even a checked exception. */
    private static Map<String, Object> failingWith(Throwable failure) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw AnalyticsServiceComponentTest.<RuntimeException>sneaky(failure);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    /** A map whose every read recurses until the stack overflows, as a broken delegating wrapper would. */
    private static final class EndlessMap extends AbstractMap<String, Object> {
        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entrySet();
        }
    }

    /** A caller's map that stops while being read, as if the capturing thread were preempted mid-capture. */
    private static final class PausingProperties extends AbstractMap<String, Object> {
        private final CountDownLatch reading = new CountDownLatch(1);
        private final CountDownLatch resume = new CountDownLatch(1);

        @Override
        public Set<Entry<String, Object>> entrySet() {
            reading.countDown();
            try {
                resume.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.<String, Object>of("feature_name", "chat").entrySet();
        }

        void awaitRead() throws InterruptedException {
            assertThat(reading.await(10, TimeUnit.SECONDS)).as("the capture to read its properties").isTrue();
        }

        void resume() {
            resume.countDown();
        }
    }

    private AnalyticsServiceComponent start(Map<String, Object> properties, Map<String, String> environment) {
        Map<String, Object> withHome = new HashMap<>(properties);
        withHome.putIfAbsent("home", home.toString());
        AnalyticsServiceComponent service = new AnalyticsServiceComponent(config(withHome), log.logger(),
                environment, new OpenJarvisHome(null, environment, "/nonexistent-user-home"),
                Clock.fixed(NOW, ZoneOffset.UTC), catalogues);
        started.add(service);
        service.bindSink(sink, Map.of(AnalyticsSink.NAME_PROPERTY, "recording"));
        return service;
    }

    private Map<String, Object> config(Map<String, Object> properties) {
        Map<String, Object> withHome = new HashMap<>(properties);
        withHome.putIfAbsent("home", home.toString());
        return withHome;
    }
}
