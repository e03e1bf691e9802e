package org.openjarvis.analytics.impl.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.CatalogueEvent;
import org.openjarvis.analytics.impl.conformance.ReferenceFunctions;

/** The reference's validator tests (tests/analytics/test_redaction.py) plus the Java type mapping. */
class EventCatalogueTest {

    @Test
    void unknownEventIsRejected() {
        assertThat(ReferenceFunctions.validateEvent("not_a_real_event", Map.of("os", "linux"))).isEmpty();
        assertThat(ReferenceFunctions.validateEvent("First_Chat_Sent", Map.of())).isEmpty();
        assertThat(ReferenceFunctions.validateEvent(" first_chat_sent", Map.of())).isEmpty();
        assertThat(ReferenceFunctions.validateEvent(null, Map.of())).isEmpty();
    }

    @Test
    void knownEventWithNoPropertiesIsAccepted() {
        assertThat(ReferenceFunctions.validateEvent("first_chat_sent", Map.of())).contains(Map.of());
        assertThat(ReferenceFunctions.validateEvent("first_chat_sent", null)).contains(Map.of());
    }

    @Test
    void unknownPropertiesAreSilentlyDroppedAndOrderIsKept() {
        Map<String, Object> input = ordered("malicious_extra", "x", "installer_version", "0.1.1", "os", "darwin",
                "arch", "arm64");

        Map<String, Object> output = ReferenceFunctions.validateEvent("install_started", input).orElseThrow();

        assertThat(new ArrayList<>(output.keySet())).containsExactly("installer_version", "os", "arch");
    }

    @Test
    void invalidEnumValueIsDropped() {
        assertThat(ReferenceFunctions.validateEvent("install_started", ordered("os", "/Users/alice", "arch", "arm64")))
                .contains(Map.of("arch", "arm64"));
        assertThat(ReferenceFunctions.validateEvent("install_started", ordered("os", "Linux"))).contains(Map.of());
    }

    @Test
    void invalidIntIsDroppedAndBooleansAreNotInts() {
        assertThat(ReferenceFunctions.validateEvent("install_stage_completed",
                ordered("elapsed_ms", -5, "stage", "uv"))).contains(Map.of("stage", "uv"));
        assertThat(ReferenceFunctions.validateEvent("install_stage_completed", ordered("elapsed_ms", true)))
                .contains(Map.of());
    }

    @Test
    void integersOfAnySizeAndWidthPassButFloatsDoNot() {
        BigInteger huge = BigInteger.TEN.pow(30);
        List<Object> accepted = List.of(0, 7L, (short) 3, (byte) 1, huge);
        for (Object value : accepted) {
            assertThat(PropertyValidator.INT_NONNEG.accepts(value)).as("%s", value).isTrue();
        }
        List<Object> rejected = List.of(5.0, 5.0f, -1, -1L, huge.negate(), new BigDecimal("5"), "5", true);
        for (Object value : rejected) {
            assertThat(PropertyValidator.INT_NONNEG.accepts(value)).as("%s", value).isFalse();
        }
    }

    @Test
    void numbersFollowPythonComparisonRules() {
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(-0.0)).isTrue();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(Double.NaN)).isFalse();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(-0.5)).isFalse();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(BigInteger.TWO.pow(64))).isTrue();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(false)).isFalse();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(new BigDecimal("1.5"))).isFalse();
        // A Java float is a Python float too.
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(2.5f)).isTrue();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(-0.0f)).isTrue();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(-2.5f)).isFalse();
        assertThat(PropertyValidator.NUMBER_NONNEG.accepts(Float.NaN)).isFalse();
    }

    @Test
    void shortStringsCountCodePoints() {
        String sixtyFourEmoji = "\uD83E\uDD99".repeat(64);
        assertThat(PropertyValidator.SHORT_STR.accepts(sixtyFourEmoji)).isTrue();
        assertThat(PropertyValidator.SHORT_STR.accepts(sixtyFourEmoji + "a")).isFalse();
        assertThat(PropertyValidator.SHORT_STR.accepts("")).isFalse();
        assertThat(PropertyValidator.SHORT_STR.accepts(new StringBuilder("ok"))).isFalse();
    }

    @Test
    void hashesAreSixteenLowercaseHexDigits() {
        assertThat(PropertyValidator.HASH16.accepts("8754b77c7eee26e4")).isTrue();
        assertThat(PropertyValidator.HASH16.accepts("8754B77C7EEE26E4")).isFalse();
        assertThat(PropertyValidator.HASH16.accepts("8754b77c7eee26e")).isFalse();
        assertThat(PropertyValidator.HASH16.accepts("not-a-hash-too-short")).isFalse();
        assertThat(PropertyValidator.HASH16.accepts("\u0663754b77c7eee26e4")).isFalse();
    }

    @Test
    void oneOfAcceptsExactMembersOfTheListAsGivenAndIsAChoice() {
        Set<String> allowed = new LinkedHashSet<>(List.of("red", "green"));
        PropertyValidator colour = PropertyValidator.oneOf(allowed);
        allowed.add("blue"); // the validator keeps the list it was given

        assertThat(colour.kind()).isEqualTo(ValueKind.CHOICE);
        assertThat(colour.accepts("red")).isTrue();
        assertThat(colour.accepts("green")).isTrue();
        for (Object other : new Object[] {"Red", " red", "blue", "", null, 1, new StringBuilder("red")}) {
            assertThat(colour.accepts(other)).as("%s", other).isFalse();
        }
    }

    @Test
    void chatSessionEndedAcceptsTheFullValidSet() {
        Map<String, Object> input = ordered("turn_count", 5, "tokens_in", 100, "tokens_out", 200,
                "latency_ms_p50", 250.0, "latency_ms_p95", 385, "tool_count", 2, "unique_tools", 1,
                "unique_models", 1, "error_count", 0, "duration_ms", 12_000, "model_hash", "8754b77c7eee26e4",
                "engine", "ollama");

        assertThat(ReferenceFunctions.validateEvent("chat_session_ended", input)).contains(input);
        assertThat(ReferenceFunctions.validateEvent("chat_session_ended",
                ordered("model_hash", "not-a-hash-too-short", "turn_count", 5))).contains(Map.of("turn_count", 5));
    }

    @Test
    void theCatalogueHasTheSeventeenEventsInRegistryOrder() {
        List<String> names = new ArrayList<>();
        EventCatalogue.specs().forEach(spec -> names.add(spec.name()));

        assertThat(names).hasSize(17).startsWith("install_started", "install_stage_completed")
                .endsWith("settings_changed", "usage_daily_summary");
        assertThat(EventCatalogue.spec(CatalogueEvent.CHAT_SESSION_ENDED).properties().keySet())
                .containsExactly("turn_count", "tokens_in", "tokens_out", "latency_ms_p50", "latency_ms_p95",
                        "tool_count", "unique_tools", "unique_models", "error_count", "model_hash", "engine",
                        "duration_ms");
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
