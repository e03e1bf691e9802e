package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference's test_redaction.py cases, plus one case per place where Java's regex semantics differ from
 * Python's. Every expected value was checked against CPython 3.11's {@code re}.
 */
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
    void nearMissesPass() {
        for (String safe : new String[] {"user@host", "v1.0.0.1", "abcd:ef", "/Users/", "~", "FILE://x",
            "task-12345678", "sk-short", "ya29.", "localhost", "x.localhost", "secret=", "2001:db8::",
            "2001:db8::1"}) {
            assertThat(PiiDetector.looksLikePii(safe)).as(safe).isFalse();
        }
        assertThat(PiiDetector.looksLikePii(null)).isFalse();
    }

    @Test
    void aCombiningMarkEndsAPythonWord() {
        // Python: U+0301 is not a word character, so there is a \b after "4". Java's \b would see no boundary.
        assertThat(PiiDetector.looksLikePii("1.2.3.4\u0301")).isTrue();
        // ... and it cannot be part of an e-mail's local part, which Java's Unicode \w would allow.
        assertThat(PiiDetector.looksLikePii("a\u0301@b.c")).isFalse();
    }

    @Test
    void everyKindOfNumberIsAPythonWordCharacter() {
        assertThat(PiiDetector.looksLikePii("\u00b21.2.3.4")).isFalse(); // superscript two (No)
        assertThat(PiiDetector.looksLikePii("\u24601.2.3.4")).isFalse(); // circled digit one (No)
        assertThat(PiiDetector.looksLikePii("\u2160" + "1.2.3.4")).isFalse(); // Roman numeral one (Nl)
    }

    @Test
    void unicodeLettersArePythonWordCharacters() {
        assertThat(PiiDetector.looksLikePii("bob@ex\u00e4mple.com")).isTrue();
        assertThat(PiiDetector.looksLikePii("\u00e91.2.3.4")).isFalse();
        assertThat(PiiDetector.looksLikePii("1.2.3.4\u4e2d")).isFalse();
    }

    @Test
    void connectorPunctuationOtherThanUnderscoreIsNotAWordCharacter() {
        assertThat(PiiDetector.looksLikePii("\u203f1.2.3.4")).isTrue();
        assertThat(PiiDetector.looksLikePii("my\u203ftoken=x")).isTrue();
        assertThat(PiiDetector.looksLikePii("x\u200d1.2.3.4")).isTrue(); // ZWJ is not a word character either
    }

    @Test
    void unicodeDecimalDigitsAreDigits() {
        assertThat(PiiDetector.looksLikePii("\u0661\u0669\u0662.\u0661\u0666\u0668.\u0661.\u0661")).isTrue();
        assertThat(PiiDetector.looksLikePii("\uff11.\uff12.\uff13.\uff14")).isTrue(); // fullwidth
    }

    @Test
    void pythonWhitespaceIncludesTheFileSeparators() {
        assertThat(PiiDetector.looksLikePii("Bearer\u001cabc")).isTrue();
        assertThat(PiiDetector.looksLikePii("Bearer\u0085abc")).isTrue();
        assertThat(PiiDetector.looksLikePii("Bearer\u3000abc")).isTrue();
        assertThat(PiiDetector.looksLikePii("Bearer\u200babc")).isFalse(); // zero-width space is not \s
        assertThat(PiiDetector.looksLikePii("Bearer\u180eabc")).isFalse(); // nor is the Mongolian vowel separator
        assertThat(PiiDetector.looksLikePii("token=\u001f")).isFalse(); // a separator is not \S
    }

    @Test
    void astralCharactersAreWholeCharacters() {
        assertThat(PiiDetector.looksLikePii("\uD835\uDD18ab:cd:ef")).isFalse(); // MATHEMATICAL FRAKTUR CAPITAL U
        assertThat(PiiDetector.looksLikePii("\uD840\uDC00" + "1.2.3.4")).isFalse(); // CJK Extension B
        assertThat(PiiDetector.looksLikePii("\uD83E\uDD99ab:cd:ef")).isTrue(); // an emoji is not a word character
        assertThat(PiiDetector.looksLikePii("\uD835\uDFCF.2.3.4")).isTrue(); // MATHEMATICAL BOLD DIGIT ONE is \d
        assertThat(PiiDetector.looksLikePii("\uD800" + "1.2.3.4")).isTrue(); // a lone surrogate is no word either
        assertThat(PiiDetector.looksLikePii("\uD800\uDD07" + "1.2.3.4")).isFalse(); // AEGEAN NUMBER ONE (No) is \w
        assertThat(PiiDetector.looksLikePii("1.2.3.4" + "\uD800\uDD40")).isFalse(); // an astral letter number (Nl) too
    }

    @Test
    void caseInsensitivePatternsFoldLikePython() {
        assertThat(PiiDetector.looksLikePii("BEARER abc")).isTrue();
        assertThat(PiiDetector.looksLikePii("\u017fecret=x")).isTrue(); // LATIN SMALL LETTER LONG S
        assertThat(PiiDetector.looksLikePii("to\u212aen=x")).isTrue(); // KELVIN SIGN
        assertThat(PiiDetector.looksLikePii("ap\u0131_key=x")).isTrue(); // LATIN SMALL LETTER DOTLESS I
        assertThat(PiiDetector.looksLikePii("AP\u0130_KEY=x")).isTrue(); // LATIN CAPITAL LETTER I WITH DOT ABOVE
        assertThat(PiiDetector.looksLikePii("bearer \u017f")).isTrue(); // also inside [A-Za-z0-9._-]
        assertThat(PiiDetector.looksLikePii("my_token=abc")).isFalse(); // no \b between _ and t
        assertThat(PiiDetector.looksLikePii("tokenizer=1")).isFalse();
    }

    @Test
    void caseSensitivePatternsDoNotFold() {
        assertThat(PiiDetector.looksLikePii("\u017fk-abcdefghij")).isFalse();
        assertThat(PiiDetector.looksLikePii("X.LOCAL")).isFalse();
        assertThat(PiiDetector.looksLikePii("\u212aey.local")).isFalse(); // K is a word character: no \b before "ey"
    }

    @Test
    void theQuickTestRulesOutOnlyStringsThatNoPatternMatches() {
        // Random strings over an alphabet that mixes every needed character with letters, digits and look-alikes.
        String alphabet = "aAbBeEkKrRsStTyYlLoOcCiIzZ0123456789@.:/$~-_= \t\u00a0\u3000\u200b\u017f\u212a\u0661é中";
        String withoutNeeded = alphabet.replaceAll("[@.:/$~\\-_= \t\u00a0\u3000]", "");
        Random random = new Random(42);
        int ruledOut = 0;
        for (int i = 0; i < 200_000; i++) {
            String letters = i % 2 == 0 ? alphabet : withoutNeeded; // half of them have a chance to be ruled out
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(24); length > 0; length--) {
                text.append(letters.charAt(random.nextInt(letters.length())));
            }
            String s = text.toString();
            if (PiiDetector.cannotMatch(s)) {
                ruledOut++;
                assertThat(PiiDetector.anyPatternFinds(s)).as(s).isFalse();
            }
        }
        assertThat(ruledOut).isGreaterThan(50_000);
        for (String value : new String[] {"ollama", "pro", "linux", "chat", "llama3", "Ollama Pro"}) {
            assertThat(PiiDetector.cannotMatch(value)).as(value).isEqualTo(!value.contains(" "));
        }
        assertThat(PiiDetector.cannotMatch("AKIAABCDEFGHIJKLMNOP")).isFalse(); // long enough for a key
    }

    @Test
    void noPatternBacktracksCatastrophicallyOnTwoHundredCodePoints() {
        // Near misses of every pattern, so that each search runs to the end of the string.
        String astralDigit = "\uD835\uDFCF";
        List<String> adversarial = List.of("a.".repeat(100), "a@".repeat(100), "-@a".repeat(66), "a-".repeat(100),
                "1.22.333.4444.".repeat(14), (astralDigit + "." + astralDigit.repeat(2) + "." + astralDigit.repeat(3)
                        + "." + astralDigit.repeat(4) + ".").repeat(14), "abcde:".repeat(33), "/Users/ ".repeat(25),
                "$HOM".repeat(50), "file:/".repeat(33), "sk-abcdefg ".repeat(18), "xoxb-abcdefg ".repeat(15),
                ("ghp_" + "a".repeat(19) + " ").repeat(8), ("AKIA" + "A".repeat(15) + " ").repeat(10),
                ("AIza" + "a".repeat(19) + " ").repeat(8), "ya29. ".repeat(33), "eyJa.b. ".repeat(25),
                "bearer \u200b".repeat(25), "password\u2000".repeat(22), "a.loca".repeat(33),
                "\u0301".repeat(200), "\uD83E\uDD99".repeat(200));
        long start = System.nanoTime();
        for (String s : adversarial) {
            assertThat(PiiDetector.looksLikePii(s)).as(s).isFalse();
        }
        // A generous bound: these take milliseconds; catastrophic backtracking would take minutes or more.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
