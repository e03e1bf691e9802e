package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference's test_redaction.py cases, plus one case per place where Java's regex semantics differ. */
class PiiDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"user@example.com", "first.last+filter@subdomain.example.co.uk",
        "leak hidden in user@example.com sentence", "127.0.0.1", "192.168.1.42", "trace from 10.0.0.5 here",
        "fe80::1ff:fe23:4567:890a", "00:1A:2B:3C:4D:5E", "AA:BB:CC:DD:EE:FF", "/Users/alice/Documents/secret.txt",
        "/home/bob/.ssh/id_rsa", "~/Library/Application Support", "$HOME/secrets", "file:///etc/passwd",
        "sk-abcdefghijklmnop123456", "sk-proj-AbCdEfGhIjKlMnOpQrStUv",
        "xoxb-1234567890-abcdefghij-1234567890abcdef", "ghp_1234567890abcdefghij1234567890abcd",
        "gho_1234567890abcdefghij1234567890abcd", "AKIAIOSFODNN7EXAMPLE", "AIzaSyD-1234567890abcdefghij1234567890",
        "ya29.a0AfH6SMBabc123def456ghi789jkl",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "Bearer abc123def456", "bearer xyz789", "password=hunter2", "API_KEY: super-secret-value", "token=abc123",
        "alice-macbook.local"})
    void referencePiiPatternsAreDetected(String value) {
        assertThat(PiiDetector.looksLikePii(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"darwin", "arm64", "0.1.1", "qwen3.5:2b", "ok", "chat", "v1.2.3", "8754b77c7eee26e4",
        "true"})
    void referenceSafeValuesPass(String value) {
        assertThat(PiiDetector.looksLikePii(value)).isFalse();
    }

    @Test
    void aCombiningMarkEndsAPythonWord() {
        // Python: U+0301 is not a word character, so there is a \b after "4". Java's \b would see no boundary.
        assertThat(PiiDetector.looksLikePii("1.2.3.4\u0301")).isTrue();
    }

    @Test
    void everyKindOfNumberIsAPythonWordCharacter() {
        assertThat(PiiDetector.looksLikePii("\u00b21.2.3.4")).isFalse(); // superscript two (No)
        assertThat(PiiDetector.looksLikePii("\u24601.2.3.4")).isFalse(); // circled digit one (No)
        assertThat(PiiDetector.looksLikePii("\u2160" + "1.2.3.4")).isFalse(); // Roman numeral one (Nl)
    }

    @Test
    void connectorPunctuationOtherThanUnderscoreIsNotAWordCharacter() {
        assertThat(PiiDetector.looksLikePii("\u203f1.2.3.4")).isTrue();
    }

    @Test
    void pythonWhitespaceIncludesTheFileSeparators() {
        assertThat(PiiDetector.looksLikePii("Bearer\u001cabc")).isTrue();
        assertThat(PiiDetector.looksLikePii("Bearer\u200babc")).isFalse(); // zero-width space is not \s
    }

    @Test
    void astralWordCharactersCountAsWordCharacters() {
        assertThat(PiiDetector.looksLikePii("\uD835\uDD18ab:cd:ef")).isFalse(); // MATHEMATICAL FRAKTUR CAPITAL U
        assertThat(PiiDetector.looksLikePii("\uD83E\uDD99ab:cd:ef")).isTrue(); // an emoji is not a word character
        assertThat(PiiDetector.looksLikePii("\uD835\uDFCF.2.3.4")).isTrue(); // MATHEMATICAL BOLD DIGIT ONE is \d
    }

    @Test
    void caseInsensitivePatternsFoldLikePython() {
        assertThat(PiiDetector.looksLikePii("BEARER abc")).isTrue();
        assertThat(PiiDetector.looksLikePii("\u017fecret=x")).isTrue(); // LATIN SMALL LETTER LONG S
        assertThat(PiiDetector.looksLikePii("to\u212aen=x")).isTrue(); // KELVIN SIGN
        assertThat(PiiDetector.looksLikePii("my_token=abc")).isFalse(); // no \b between _ and t
        assertThat(PiiDetector.looksLikePii("tokenizer=1")).isFalse();
    }

    @Test
    void nearMissesPass() {
        for (String safe : new String[] {"user@host", "v1.0.0.1", "abcd:ef", "/Users/", "~", "FILE://x",
            "task-12345678", "sk-short", "ya29.", "localhost", "x.localhost", "secret=", "2001:db8::"}) {
            assertThat(PiiDetector.looksLikePii(safe)).as(safe).isFalse();
        }
        assertThat(PiiDetector.looksLikePii(null)).isFalse();
    }

    @Test
    void noPatternBacktracksCatastrophicallyOnTwoHundredCodePoints() {
        String[] adversarial = {"a".repeat(200), "a.".repeat(100), "1.".repeat(100), "a:".repeat(100),
            "a@".repeat(100), "eyJ" + "a.".repeat(98), "bearer " + " ".repeat(193), "password" + " ".repeat(192),
            "-".repeat(200), "\uD83E\uDD99".repeat(200)};
        long start = System.nanoTime();
        for (int round = 0; round < 20; round++) {
            for (String s : adversarial) {
                PiiDetector.looksLikePii(s);
            }
        }
        // A generous bound: linear matching takes milliseconds; catastrophic backtracking takes ages.
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    }
}
