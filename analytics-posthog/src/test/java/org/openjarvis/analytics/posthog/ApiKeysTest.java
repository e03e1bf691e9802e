package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String KEY = "phc_FAKE_test_KEY_not_REAL_q7Vx4mW9zT3kB8nC5rJ6dHs";

    @Test
    void keysAreMasked() {
        assertThat(ApiKeys.mask("phc_ThisIsNotARealKeyAbcdWxyz")).isEqualTo("****Wxyz");
        assertThat(ApiKeys.mask("short")).isEqualTo("****");
        assertThat(ApiKeys.mask("")).isEqualTo("(none)");
        assertThat(ApiKeys.mask(null)).isEqualTo("(none)");
    }

    @Test
    void theKeyAPieceOfItAndAnythingShapedLikeAKeyAreMaskedInText() {
        assertThat(ApiKeys.scrub("Unexpected status line: XHTTP/1.1 200 OK your key is " + KEY, KEY, 200))
                .isEqualTo("Unexpected status line: XHTTP/1.1 200 OK your key is ****");
        assertThat(ApiKeys.scrub("key=" + KEY.toUpperCase() + "; other=phx_personal", KEY, 200))
                .isEqualTo("key=****; other=****");
        assertThat(ApiKeys.scrub("first half " + KEY.substring(0, 20) + ", then " + KEY.substring(20, 27)
                + " glued" + KEY.substring(30, 40) + "on", KEY, 200)).isEqualTo("first half ****, then **** ****");
        assertThat(ApiKeys.scrub("session 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c expired", KEY, 200))
                .isEqualTo("session **** expired");
        assertThat(ApiKeys.scrub("SocketTimeoutException: timeout after 30000 ms to 127.0.0.1:8000", KEY, 200))
                .isEqualTo("SocketTimeoutException: timeout after 30000 ms to 127.0.0.1:8000");
    }

    @Test
    void aKeySplitByControlCharactersIsStillMaskedAndTheResultIsPrintableAndShort() {
        String split = KEY.substring(0, 10) + "\u0000" + KEY.substring(10, 30) + "\r\n" + KEY.substring(30);
        String scrubbed = ApiKeys.scrub("\u001b[2Jyou sent " + split + "\u202e" + "x ".repeat(10_000), KEY, 80);

        assertThat(scrubbed).startsWith("[2Jyou sent **** x x").hasSize(80).doesNotContain(KEY.substring(10, 20));
        assertThat(scrubbed.chars()).noneMatch(c -> Character.isISOControl(c) || c == '\u202e');
    }

    @Test
    void aConfigurationValueHoldingAKeyIsRecognisedButOrdinaryPathsAndHostsAreNot() {
        assertThat(ApiKeys.holdsKey("https://us.i.posthog.com/" + KEY, "")).isTrue();
        assertThat(ApiKeys.holdsKey("https://proxy.example.com/" + KEY.substring(4, 20), KEY)).isTrue();
        assertThat(ApiKeys.holdsKey("https://us.i.posthog.com", KEY)).isFalse();
        assertThat(ApiKeys.holdsKey("/tmp/junit4970293862283358826/spool", KEY)).isFalse();
        assertThat(ApiKeys.holdsKey(null, null)).isFalse();
    }
}
