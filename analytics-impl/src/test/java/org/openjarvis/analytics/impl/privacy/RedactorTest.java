package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.AbstractMap.SimpleEntry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.impl.conformance.ReferenceFunctions;

/** The reference's redact tests, plus code-point lengths and Java's composite types. */
class RedactorTest {

    @Test
    void keepsSafeValuesUnchanged() {
        Map<String, Object> input = ordered("os", "darwin", "arch", "arm64", "count", 42, "ratio", 0.5, "enabled",
                true);

        assertThat(ReferenceFunctions.redact(input)).containsExactlyEntriesOf(input);
    }

    @Test
    void dropsPiiStrings() {
        Map<String, Object> input = ordered("ok", "chat", "email", "user@example.com", "path", "/Users/alice/file.txt",
                "key", "sk-1234567890abcdef", "jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig", "auth",
                "Bearer abc123");

        assertThat(ReferenceFunctions.redact(input)).containsExactly(Map.entry("ok", "chat"));
    }

    @Test
    void dropsLongAndEmptyStringsCountingCodePoints() {
        String emoji = "\uD83E\uDD99";
        Map<String, Object> input = ordered("long", "x".repeat(Redactor.MAX_STR_LEN + 1), "short", "short",
                "empty", "", "ascii200", "x".repeat(200), "astral200", emoji.repeat(200), "astral201",
                emoji.repeat(201), "mixed201", "x" + emoji.repeat(200));

        assertThat(ReferenceFunctions.redact(input).keySet()).containsExactly("short", "ascii200", "astral200");
    }

    @Test
    void keepsNumbersOfEveryTypeAsTheSameObjects() {
        BigInteger huge = new BigInteger("18446744073709551617");
        Map<String, Object> input = ordered("int", 5, "float", 5.0, "long", Long.MAX_VALUE, "huge", huge,
                "negativeZero", -0.0);

        assertThat(ReferenceFunctions.redact(input)).containsExactlyEntriesOf(input);
        assertThat(ReferenceFunctions.redact(input).get("huge")).isSameAs(huge);
    }

    @Test
    void neverInspectsKeys() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("user@example.com", "chat");
        input.put(null, 1);
        input.put("", "ok");

        assertThat(ReferenceFunctions.redact(input)).containsExactly(Map.entry("user@example.com", "chat"),
                new SimpleEntry<>(null, 1), Map.entry("", "ok"));
    }

    @Test
    void dropsCompositesAndKeepsEverythingElse() {
        Object other = new Object();
        Map<String, Object> input = ordered("list", List.of(1), "map", Map.of(), "set", Set.of(), "array",
                new String[0], "ints", new int[] {1}, "chars", new char[] {'a'}, "one", 1, "zero", 0, "false", false,
                "zeroFloat", 0.0, "null", null, "other", other);

        assertThat(ReferenceFunctions.redact(input)).containsExactly(Map.entry("one", 1), Map.entry("zero", 0),
                Map.entry("false", false), Map.entry("zeroFloat", 0.0), new SimpleEntry<>("null", null),
                Map.entry("other", other));
    }

    @Test
    void returnsANewMapAndNeverChangesTheInput() {
        // An unmodifiable input also shows that redact never tries to remove from it.
        Map<String, Object> input = Collections.unmodifiableMap(ordered("ok", "chat", "leak", "user@example.com"));

        Map<String, Object> output = ReferenceFunctions.redact(input);

        assertThat(input).containsKey("leak");
        assertThat(output).doesNotContainKey("leak").isInstanceOf(LinkedHashMap.class);
        Map<String, Object> clean = ordered("ok", "chat");
        assertThat(ReferenceFunctions.redact(clean)).isEqualTo(clean).isNotSameAs(clean);
        assertThat(ReferenceFunctions.redact(null)).isEmpty();
        assertThat(ReferenceFunctions.redact(null)).isInstanceOf(LinkedHashMap.class); // a new map, as for any input
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
