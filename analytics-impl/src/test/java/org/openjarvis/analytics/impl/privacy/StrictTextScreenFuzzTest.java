package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The strict screen on generated input: it never throws, whatever the characters, and disguises that
 * normalisation undoes (fullwidth forms, invisible format characters, other scripts' digits) change nothing.
 */
class StrictTextScreenFuzzTest {

    private static final List<String> FRAGMENTS = List.of("a", "Z", "0", "7", "f", ".", "-", "_", "+", "@", ":",
            "/", "\\", " ", "%", "%4", "%40", "&#", "&#64;", "~", "$", "=", "(", ")", "[", "]", "?", ",", "\u00b0",
            "\u200b", "\ufeff", "\uff20", "\u0660", "\u00df", "\u0130", "\ufdfa", "\ud83d\ude00", "\ud800", "::",
            "ghp_", "sk-", "desktop-", "macbook", ".lan", "-de-", "ip-", "tel:", "geo:", "4111", "1.2.3", "+1 ",
            "555-", "de89", "x", "-----");

    /** Values the screen refuses whatever the disguise. */
    private static final List<String> REFUSED = List.of("bob@example.com", "+1 (415) 555-2671",
            "4111 1111 1111 1111", "123-45-6789", "srv_192.168.0.10", "fe80::1%eth0", "C:\\Users\\bob",
            "ghp_FAKE0000aaaabbbbccccddddeeeeffff0000", "db01.internal", "00:1a:2b:3c:4d:5e", "37.7749,-122.4194",
            "john smith", "3f2a9c0d7e4b1a8f6c5d2e9b");

    @Property(tries = 5000)
    void neverThrows(@ForAll("adversarial") String value) {
        assertThatCode(() -> StrictTextScreen.refusal(value)).doesNotThrowAnyException();
    }

    @Property(tries = 2000)
    void disguisesThatNormalisationUndoesChangeNothing(@ForAll("refused") String value,
            @ForAll("disguise") Disguise disguise) {
        assertThat(StrictTextScreen.refuses(disguise.apply(value))).as(disguise.apply(value)).isTrue();
    }

    enum Disguise {
        FULLWIDTH {
            @Override
            String apply(String value) {
                StringBuilder out = new StringBuilder();
                value.chars().forEach(c -> out.append(c > ' ' && c < 0x7f ? (char) (c - 0x21 + 0xff01) : (char) c));
                return out.toString();
            }
        },
        ZERO_WIDTH {
            @Override
            String apply(String value) {
                return String.join("\u200b", value.split("(?<=.)(?=.)"));
            }
        },
        WORD_JOINERS {
            @Override
            String apply(String value) {
                return "\u2060" + value.replace(".", "\u2060.\u2060").replace("@", "\u200c@\ufeff");
            }
        },
        ARABIC_DIGITS {
            @Override
            String apply(String value) {
                StringBuilder out = new StringBuilder();
                value.chars().forEach(c -> out.append(c >= '0' && c <= '9' ? (char) (c - '0' + 0x0660) : (char) c));
                return out.toString();
            }
        },
        UPPER_CASE {
            @Override
            String apply(String value) {
                return value.toUpperCase(Locale.ROOT);
            }
        };

        abstract String apply(String value);
    }

    @Provide
    Arbitrary<String> refused() {
        return Arbitraries.of(REFUSED);
    }

    @Provide
    Arbitrary<Disguise> disguise() {
        return Arbitraries.of(Disguise.class);
    }

    @Provide
    Arbitrary<String> adversarial() {
        return Arbitraries.oneOf(
                Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(parts -> String.join("", parts)),
                Arbitraries.of(FRAGMENTS).flatMap(fragment -> Arbitraries.integers().between(1, 64)
                        .map(fragment::repeat)),
                Arbitraries.strings().all().ofMaxLength(200));
    }
}
