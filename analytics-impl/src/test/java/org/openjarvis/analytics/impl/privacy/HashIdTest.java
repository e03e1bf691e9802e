package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashIdTest {

    @Test
    void matchesTheReferenceVectors() {
        assertThat(HashId.hashId("llama3.1:8b")).isEqualTo("8754b77c7eee26e4");
        assertThat(HashId.hashId("qwen3.5:2b")).isEqualTo("c3bf38422d0f42e3");
        assertThat(HashId.hashId("None")).isEqualTo("dc937b59892604f5");
        assertThat(HashId.hashId("web_search")).isEqualTo("2a71962642386c35");
        assertThat(HashId.hashId("calculator")).isEqualTo("d2d4a592700b0920");
        assertThat(HashId.hashId("gpt-4o")).isEqualTo("a2a69af70d1b9be7");
        assertThat(HashId.hashId("ollama")).isEqualTo("76e3c7bfe641ea12");
    }

    @Test
    void emptyAndNullGiveEmpty() {
        assertThat(HashId.hashId("")).isEmpty();
        assertThat(HashId.hashId(null)).isEmpty();
    }

    @Test
    void isSixteenLowercaseHexDigitsDeterministicAndDiffersPerInput() {
        assertThat(HashId.hashId("llama3.1:8b")).matches("[0-9a-f]{16}").isEqualTo(HashId.hashId("llama3.1:8b"));
        assertThat(HashId.hashId("model-a")).isNotEqualTo(HashId.hashId("model-b"));
    }

    @Test
    void hashesUtf8BytesOfWholeCodePoints() {
        // Values from Python's hashlib; a UTF-16 or platform-charset encoding would give others.
        assertThat(HashId.hashId("caf\u00e9")).isEqualTo("850f7dc43910ff89");
        assertThat(HashId.hashId("cafe\u0301")).isEqualTo("81ef060bcd98adc7"); // NFD differs from NFC
        assertThat(HashId.hashId("\uD83E\uDD99")).isEqualTo("0dfc3e20506b9682");
        assertThat(HashId.hashId("\u4e2d\u6587")).isEqualTo("72726d8818f69306");
        assertThat(HashId.hashId("\u0000")).isEqualTo("6e340b9cffb37a98");
    }

    @Test
    void refusesLoneSurrogatesAsPythonsUtf8EncodeDoes() {
        // Python: hash_id("a\ud800") raises UnicodeEncodeError; String.getBytes(UTF_8) would hash "a?" instead.
        for (String malformed : new String[] {"a\uD800", "\uDC00", "x\uDBFF", "\uDE00\uD83E", "ok\uD83E\uDD99\uDD99"}) {
            assertThatThrownBy(() -> HashId.hashId(malformed)).as("%s", malformed)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(HashId.hashId("ok\uD83E\uDD99")).matches("[0-9a-f]{16}");
    }

    @Test
    void saysWhereTheFirstLoneSurrogateStandsAndWhetherThereIsOne() {
        assertThatThrownBy(() -> HashId.hashId("ab\uD83E\uDD99c\uDC00d\uD800"))
                .hasMessage("lone surrogate U+DC00 at index 5 cannot be encoded in UTF-8");
        assertThat(HashId.isWellFormed("\uD800x")).isFalse();
        assertThat(HashId.isWellFormed("x\uDC00")).isFalse();
        assertThat(HashId.isWellFormed("\uD83E\uDD99x")).isTrue();
        assertThat(HashId.isWellFormed("")).isTrue();
    }
}
