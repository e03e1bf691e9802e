package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The 20 patterns on generated strings of up to {@value Redactor#MAX_STR_LEN} code points built from their own
 * fragments, the inputs most likely to make a backtracking engine explode. None of the patterns nests
 * quantifiers, so a search is at worst quadratic in the length, which redaction caps before any pattern runs.
 * The bound below is three orders of magnitude above a normal search and far below a catastrophic one.
 */
class PiiDetectorFuzzTest {

    private static final List<Pattern> PATTERNS = PiiDetector.PYTHON_PATTERNS.stream().map(PythonRegex::compile)
            .toList();
    private static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final List<String> FRAGMENTS = List.of("a", "A", "0", "9", "f", ".", "-", "_", "+", "@", ":",
            "/", " ", "\t", "\u00e9", "\u0660", "\u3000", "sk-", "xoxb-", "ghp_", "AKIA", "AIza", "ya29.", "eyJ",
            "bearer ", "password", "=", "/Users/", "/home/", "~", "$HOME", "file:", ".local", "aa:", "1.2.", "::");

    @Property(tries = 3000)
    void everyPatternSearchIsFastOnAdversarialStrings(@ForAll("adversarial") String text) {
        for (Pattern pattern : PATTERNS) {
            long start = System.nanoTime();
            pattern.matcher(text).find();
            long elapsed = System.nanoTime() - start;
            assertThat(elapsed).as("%s on %s", pattern, text).isLessThan(BOUND_NANOS);
        }
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
}
