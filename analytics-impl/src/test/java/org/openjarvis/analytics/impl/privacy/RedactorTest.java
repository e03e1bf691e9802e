package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The reference's redact tests, plus code-point lengths and Java's composite types. */
class RedactorTest {

    @Test
    void keepsSafeValuesUnchanged() {
        Map<String, Object> input = ordered("os", "darwin", "arch", "arm64", "count", 42, "ratio", 0.5, "enabled",
                true);

        assertThat(Redactor.redact(input)).containsExactlyEntriesOf(input);
    }

    @Test
    void dropsPiiStrings() {
        Map<String, Object> input = ordered("ok", "chat", "email", "user@example.com", "path", "/Users/alice/file.txt",
                "key", "sk-1234567890abcdef", "jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig", "auth",
                "Bearer abc123");

        assertThat(Redactor.redact(input)).containsExactly(Map.entry("ok", "chat"));
    }

    @Test
    void dropsLongAndEmptyStringsCountingCodePoints() {
        String emoji = "\uD83E\uDD99";
        Map<String, Object> input = ordered("long", "x".repeat(Redactor.MAX_STR_LEN + 1), "short", "short",
                "empty", "", "astral200", emoji.repeat(200), "astral201", emoji.repeat(201));

        assertThat(Redactor.redact(input).keySet()).containsExactly("short", "astral200");
    }

    @Test
    void dropsCompositesAndKeepsEverythingElse() {
        Object other = new Object();
        Map<String, Object> input = ordered("list", List.of(1), "map", Map.of(), "set", Set.of(), "array",
                new String[0], "ints", new int[] {1}, "one", 1, "zero", 0, "false", false, "zeroFloat", 0.0,
                "null", null, "other", other);

        assertThat(Redactor.redact(input)).containsExactly(Map.entry("one", 1), Map.entry("zero", 0),
                Map.entry("false", false), Map.entry("zeroFloat", 0.0), new java.util.AbstractMap.SimpleEntry<>("null",
                        null), Map.entry("other", other));
    }

    @Test
    void returnsANewMapAndNeverChangesTheInput() {
        Map<String, Object> input = ordered("ok", "chat", "leak", "user@example.com");

        Map<String, Object> output = Redactor.redact(input);

        assertThat(input).containsKey("leak");
        assertThat(output).doesNotContainKey("leak").isNotSameAs(input);
        assertThat(Redactor.redact(null)).isEmpty();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
