package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The 20 patterns on generated strings of up to {@value Redactor#MAX_STR_LEN} code points built from their own
 * fragments, the inputs most likely to make a backtracking engine explode. None of the patterns nests
 * quantifiers, so a search is at worst quadratic in the length, which redaction caps before any pattern runs.
 *
 * <p>The work of a search is measured by how many times the engine reads a character, not by the clock: the
 * count is the same on every machine, however loaded, so the bound can be tight without making the test flaky.
 * The worst case seen is pattern 1 (the email) on a run of word characters, about 1.5 (n+1)&sup2; reads; a
 * catastrophic search on 200 characters would need many orders of magnitude more than the bound.
 */
class PiiDetectorFuzzTest {

    private static final List<Pattern> PATTERNS = PiiDetector.pythonPatterns().stream().map(PythonRegex::compile)
            .toList();
    private static final int READS_PER_SQUARED_LENGTH = 4;
    private static final List<String> FRAGMENTS = List.of("a", "A", "0", "9", "f", ".", "-", "_", "+", "@", ":",
            "/", " ", "\t", "\u00e9", "\u0660", "\u3000", "sk-", "xoxb-", "ghp_", "AKIA", "AIza", "ya29.", "eyJ",
            "bearer ", "password", "=", "/Users/", "/home/", "~", "$HOME", "file:", ".local", "aa:", "1.2.", "::");

    @Property(tries = 3000)
    void everyPatternSearchIsAtMostQuadraticOnAdversarialStrings(@ForAll("adversarial") String text) {
        String folded = PythonRegex.foldAstral(text); // what PiiDetector searches
        long bound = (long) READS_PER_SQUARED_LENGTH * (folded.length() + 1) * (folded.length() + 1);
        for (Pattern pattern : PATTERNS) {
            CountingCharSequence input = new CountingCharSequence(folded);
            pattern.matcher(input).find();
            assertThat(input.reads).as("%s on %s", pattern, text).isLessThanOrEqualTo(bound);
        }
    }

    /**
     * The measure itself: a pattern that backtracks polynomially with a high degree reads 21 characters millions
     * of times, far beyond the bound. (Java's engine tames the textbook {@code (a+)+b}, so it would prove nothing.)
     */
    @Test
    void theReadCountExposesCatastrophicBacktracking() {
        CountingCharSequence input = new CountingCharSequence("a".repeat(20) + "!");
        Pattern.compile("(.*a){12}b").matcher(input).find();
        assertThat(input.reads).isGreaterThan(1000L * READS_PER_SQUARED_LENGTH * 22 * 22);
    }

    @Property(tries = 3000)
    void theQuickCheckNeverRulesOutAStringThatAPatternFinds(@ForAll("adversarial") String text) {
        boolean found = PATTERNS.stream().anyMatch(pattern -> pattern.matcher(text).find());
        assertThat(PiiDetector.looksLikePii(text)).isEqualTo(found);
    }

    @Provide
    Arbitrary<String> adversarial() {
        return Arbitraries.oneOf(
                Arbitraries.of(FRAGMENTS).list().ofMaxSize(120).map(parts -> truncate(String.join("", parts))),
                Arbitraries.of(FRAGMENTS).flatMap(fragment -> Arbitraries.integers().between(1, 200)
                        .map(times -> truncate(fragment.repeat(times)))),
                Arbitraries.strings().all().ofMaxLength(Redactor.MAX_STR_LEN));
    }

    private static String truncate(String text) {
        int codePoints = Math.min(Redactor.MAX_STR_LEN, text.codePointCount(0, text.length()));
        return text.substring(0, text.offsetByCodePoints(0, codePoints));
    }

    /** Counts the regex engine's reads of the input: its steps, without the noise of a clock. */
    private static final class CountingCharSequence implements CharSequence {
        private final String text;
        private long reads;

        CountingCharSequence(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
