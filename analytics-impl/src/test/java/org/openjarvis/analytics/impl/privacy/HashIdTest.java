package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

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
    void isSixteenLowercaseHexDigitsAndDiffersPerInput() {
        assertThat(HashId.hashId("model-a")).matches("[0-9a-f]{16}").isNotEqualTo(HashId.hashId("model-b"));
        assertThat(HashId.hashId("\uD83E\uDD99")).matches("[0-9a-f]{16}");
    }
}
