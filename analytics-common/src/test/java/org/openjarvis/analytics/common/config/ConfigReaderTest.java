package org.openjarvis.analytics.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    private static final String PID = "org.example.pid";

    @Test
    void typedValuesAndTheirTextFormsAreRead() {
        ConfigReader reader = new ConfigReader(PID, Map.of("a", 12, "b", "  34 ", "c", 5.0, "d", BigInteger.TEN,
                "e", " TRUE ", "f", false, "g", "+7", "h", (short) 3));
        assertThat(reader.number("a", 0, 100, 1, 2)).isEqualTo(12);
        assertThat(reader.number("b", 0, 100, 1, 2)).isEqualTo(34);
        assertThat(reader.number("c", 0, 100, 1, 2)).isEqualTo(5);
        assertThat(reader.number("d", 0, 100, 1, 2)).isEqualTo(10);
        assertThat(reader.bool("e", false, false)).isTrue();
        assertThat(reader.bool("f", true, true)).isFalse();
        assertThat(reader.integer("g", 0, 100, 1, 2)).isEqualTo(7);
        assertThat(reader.integer("h", 0, 100, 1, 2)).isEqualTo(3);
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void anAbsentPropertyIsTheDefaultWithoutAProblem() {
        ConfigReader reader = new ConfigReader(PID, null);
        assertThat(reader.number("a", 0, 100, 42, 7)).isEqualTo(42);
        assertThat(reader.bool("b", true, false)).isTrue();
        assertThat(reader.text("c", "dflt", "prev")).isEqualTo("dflt");
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void everyUnusableNumberKeepsTheFallbackAndNamesThePidThePropertyAndTheReason() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("typo", "10000O");
        properties.put("words", "lots");
        properties.put("huge", "12345678901234567890");
        properties.put("fraction", 2.5);
        properties.put("nan", Double.NaN);
        properties.put("low", 0L);
        properties.put("several", new long[] {1, 2});
        properties.put("list", List.of(1));
        properties.put("empty", " ");
        properties.put("big", new BigDecimal("1e30"));
        ConfigReader reader = new ConfigReader(PID, properties);
        for (String property : properties.keySet()) {
            assertThat(reader.number(property, 1, 1_000_000, 10_000, 555)).as(property).isEqualTo(555);
        }
        assertThat(reader.problems()).hasSize(properties.size()).allSatisfy(problem -> assertThat(problem)
                .startsWith("Configuration " + PID + ": ").contains("must be a whole number from 1 to 1000000")
                .endsWith("; keeping 555").doesNotContain("\n"));
        assertThat(reader.problems()).anySatisfy(problem -> assertThat(problem).contains("low must").contains(
                "got 0")).anySatisfy(problem -> assertThat(problem).contains("several must").contains("several values"));
    }

    @Test
    void aProblemNeverRepeatsTheTextThatWasGiven() {
        String secret = "phc_FAKE_key_pasted_into_the_wrong_field_00000";
        ConfigReader reader = new ConfigReader(PID, Map.of("batch.size", secret, "enabled", secret,
                "home", new String[] {secret}));
        reader.integer("batch.size", 1, 1000, 100, 100);
        reader.bool("enabled", true, false);
        reader.text("home", "", "");
        assertThat(reader.problems()).hasSize(3).allSatisfy(problem -> assertThat(problem).doesNotContain(secret)
                .doesNotContain("FAKE_key"));
    }

    @Test
    void aBooleanIsOnlyTrueOrFalse() {
        ConfigReader reader = new ConfigReader(PID, Map.of("a", "maybe", "b", "1", "c", "yes", "d", 0));
        for (String property : List.of("a", "b", "c", "d")) {
            assertThat(reader.bool(property, true, false)).as(property).isFalse();
        }
        assertThat(reader.problems()).hasSize(4).allSatisfy(problem -> assertThat(problem).contains(
                "must be true or false").endsWith("; keeping false"));
    }

    @Test
    void scalarsAreTextAndSeveralValuesAreAProblem() {
        ConfigReader reader = new ConfigReader(PID, Map.of("a", "text", "b", 12L, "c", List.of("x", "y")));
        assertThat(reader.text("a", "", "")).isEqualTo("text");
        assertThat(reader.text("b", "", "")).isEqualTo("12");
        assertThat(reader.text("c", "dflt", "prev")).isEqualTo("prev");
        assertThat(reader.problems()).singleElement().asString().isEqualTo("Configuration " + PID
                + ": c must be a single value, got several values; keeping the previous value");
    }

    @Test
    void theCallersOwnChecksAreRecordedInOrder() {
        ConfigReader reader = new ConfigReader(PID, Map.of("x", "bad"));
        reader.number("x", 0, 1, 0, 0);
        reader.problem("platform", "must be one of [cli, web]");
        assertThat(reader.problems()).hasSize(2).last().asString().isEqualTo("Configuration " + PID
                + ": platform must be one of [cli, web]");
    }

    @Test
    void anAllOrNothingReaderStatesTheReasonWithoutClaimingAValueIsKept() {
        ConfigReader reader = ConfigReader.allOrNothing(PID, Map.of("n", "abc", "b", "maybe", "t", List.of("x", "y"),
                "fine", "7"));
        assertThat(reader.number("n", 1, 10, 5, 5)).isEqualTo(5);
        assertThat(reader.bool("b", true, true)).isTrue();
        assertThat(reader.text("t", "d", "f")).isEqualTo("f");
        assertThat(reader.integer("fine", 1, 10, 5, 5)).isEqualTo(7);
        assertThat(reader.problems()).containsExactly(
                "Configuration " + PID + ": n must be a whole number from 1 to 10, got other text",
                "Configuration " + PID + ": b must be true or false, got other text",
                "Configuration " + PID + ": t must be a single value, got several values");
    }
}
