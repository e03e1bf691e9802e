package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.junit.jupiter.api.Test;

/**
 * The translation of Python 3 {@code str} patterns, called directly: {@link PiiDetector} compiles its patterns once,
 * in its static initializer, so its own tests cannot show a translation that goes wrong afterwards. Every expected
 * answer is what CPython 3.11's {@code re} gives (conformance/README.md §2).
 */
class PythonRegexTest {

    private static boolean matches(String python, String s) {
        return PythonRegex.compile(python).matcher(s).matches();
    }

    @Test
    void wordCharactersAreLettersEveryKindOfNumberAndTheUnderscore() {
        assertThat(matches("\\w+", "x\u00e9\u00b2\u216b\u4e2d_7")).isTrue();
        assertThat(matches("\\w", "\u0301")).isFalse(); // a combining mark
        assertThat(matches("\\w", "\u203f")).isFalse(); // connector punctuation other than _
        assertThat(matches("\\w", "-")).isFalse();
    }

    @Test
    void wordCharactersMeanTheSameInsideACharacterClass() {
        assertThat(matches("[\\w.]+", "x\u00e9\u00b2.\u216b_")).isTrue();
        assertThat(matches("[\\w]", "\u0301")).isFalse();
        assertThat(matches("[^\\w]", "\u0301")).isTrue();
        assertThat(matches("[^\\w]", "\u00e9")).isFalse();
    }

    @Test
    void digitsAreDecimalDigitsOfEveryScriptAndNothingElse() {
        assertThat(matches("\\d+", "7\u0663\uff17")).isTrue();
        assertThat(matches("\\d", "\u00b2")).isFalse(); // superscript two: a number, not a decimal digit
        assertThat(matches("\\d", "\u216b")).isFalse();
        assertThat(matches("[\\d.]+", "1.\u0663")).isTrue();
    }

    @Test
    void whiteSpaceIsExactlyWhatStrIsspaceAccepts() {
        assertThat(matches("\\s+", " \t\u001c\u001f\u0085\u00a0\u2007\u3000")).isTrue();
        assertThat(matches("\\s", "\u200b")).isFalse();
        assertThat(matches("\\s", "\u180e")).isFalse();
        assertThat(matches("[\\s,]+", " ,\u0085\u001c")).isTrue();
        assertThat(matches("[^\\s]", "\u001c")).isFalse();
    }

    @Test
    void nonWhiteSpaceIsEverythingElse() {
        assertThat(matches("\\S+", "a\u200b\u180e")).isTrue();
        assertThat(matches("\\S", "\u001f")).isFalse();
        assertThat(matches("\\S", "\u00a0")).isFalse();
    }

    @Test
    void aWordBoundaryLiesBetweenAWordCharacterAndAnythingElseACombiningMarkIncluded() {
        assertThat(PythonRegex.compile("\\bx\\b").matcher("x\u0301").find()).isTrue();
        assertThat(PythonRegex.compile("\\bx\\b").matcher("\u00e9x").find()).isFalse();
        assertThat(PythonRegex.compile("\\bx").matcher("_x").find()).isFalse();
        assertThat(PythonRegex.compile("\\bx").matcher("-x").find()).isTrue();
    }

    @Test
    void caseInsensitivePatternsFoldTheWayPythonDoes() {
        assertThat(matches("(?i)secret", "\u017fECRET")).isTrue(); // LATIN SMALL LETTER LONG S
        assertThat(matches("(?i)token", "TO\u212aEN")).isTrue(); // KELVIN SIGN
        assertThat(matches("secret", "SECRET")).isFalse();
    }

    @Test
    void otherEscapesKeepTheirMeaning() {
        assertThat(matches("a\\.b", "a.b")).isTrue();
        assertThat(matches("a\\.b", "axb")).isFalse();
        assertThat(matches("\\$HOME|~/", "$HOME")).isTrue();
        assertThat(matches("\\[\\w\\]", "[\u00e9]")).isTrue();
        assertThat(matches("[\\]\\w]+", "]\u00e9")).isTrue();
    }

    @Test
    void escapesAfterACharacterClassAreReadOutsideIt() {
        assertThat(matches("[x]\\w", "x\u00e9")).isTrue();
        assertThat(matches("[x]\\s", "x\u0085")).isTrue();
        assertThat(matches("[x]\\d\\b", "x7")).isTrue();
        assertThat(matches("[a-c]+\\w+", "abc_\u00e9")).isTrue();
    }

    @Test
    void escapesThatTheTranslationCannotPutInsideAClassAreRefused() {
        assertThatThrownBy(() -> PythonRegex.compile("[\\S]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonRegex.compile("[a\\b]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTrailingBackslashIsASyntaxErrorAsInPython() {
        assertThatThrownBy(() -> PythonRegex.compile("a\\")).isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void theReferencesPatternsCompileToPatternsThatFindTheirExamples() {
        Pattern bearer = PythonRegex.compile("(?i)\\bbearer\\s+[A-Za-z0-9._-]+");
        assertThat(bearer.matcher("Authorization: BEARER\u0085abc.def").find()).isTrue();
        assertThat(bearer.matcher("xbearer abc").find()).isFalse();
    }
}
