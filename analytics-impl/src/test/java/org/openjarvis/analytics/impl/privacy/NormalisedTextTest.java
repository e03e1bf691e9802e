package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text the strict screen reads, step by step as the class documents them: NFKC, format characters removed,
 * white space and control characters made spaces, decimal digits made ASCII, percent-encoded punctuation and HTML
 * character references to punctuation decoded, and only punctuation.
 */
class NormalisedTextTest {

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', value = {
        "bob%40example.com|bob@example.com", "%2Fetc%2Fpasswd|/etc/passwd", "%2fetc%2fpasswd|/etc/passwd",
        "john%20smith|john smith", "a%3Db%26c|a=b&c", "100%25|100%"})
    void percentEncodedPunctuationIsDecodedWhereverItStands(String value, String read) {
        assertThat(NormalisedText.of(value).folded()).isEqualTo(read);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Letters and digits: %APPDATA%-style names stay as written.
        "%41%30", "%CD%", "%DATE%",
        // Control characters, DEL included, and what is not ASCII are not punctuation either.
        "%1F%7F", "%7f", "%C0%AE",
        // Nothing to decode: too short, or not hexadecimal.
        "100%", "%4", "%zz", "%%"})
    void percentSignsThatDoNotEncodePunctuationStayAsWritten(String value) {
        assertThat(NormalisedText.of(value).cased()).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', value = {
        "alice&#64;example.com|alice@example.com", "alice&#x40;example.com|alice@example.com",
        "&#X2F;etc&#x2f;passwd|/etc/passwd", "bob&commat;example&period;com|bob@example.com",
        "&sol;etc&sol;shadow|/etc/shadow", "c&colon;&bsol;x|c:\\x", "a&plus;b&equals;c&num;1|a+b=c#1",
        "john&#32;smith|john smith"})
    void characterReferencesToPunctuationAreDecodedWhereverTheyStand(String value, String read) {
        assertThat(NormalisedText.of(value).folded()).isEqualTo(read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"&#65;&#48;", "&#x41;", "&#0;", "&#127;", "&#x7F;", "&amp;", "&lt;b&gt;", "R&D", "&#;",
        "&#1234;", "&commat"})
    void characterReferencesToAnythingButPunctuationStayAsWritten(String value) {
        assertThat(NormalisedText.of(value).cased()).isEqualTo(value);
    }

    @Test
    void whiteSpaceAndControlCharactersBecomeSpacesAndFormatCharactersDisappear() {
        assertThat(NormalisedText.of("john\u0085smith\u0001x\tz").folded()).isEqualTo("john smith x z");
        assertThat(NormalisedText.of("a\u00a0b\u2007c\u3000d").folded()).isEqualTo("a b c d");
        assertThat(NormalisedText.of("bob\u200b@\u2060exa\ufeffmple.com").folded()).isEqualTo("bob@example.com");
    }

    @Test
    void lookAlikeSpellingsAreUndone() {
        assertThat(NormalisedText.of("bob\uff20example\uff0ecom").folded()).isEqualTo("bob@example.com");
        assertThat(NormalisedText.of("+\u0664\u0661\u0665 \uff15\uff15\uff15").folded()).isEqualTo("+415 555");
    }

    @Test
    void theCasedTextKeepsCaseAndTheFoldedTextFoldsItAsUnicodeCaseFoldingDoes() {
        NormalisedText ascii = NormalisedText.of("Theme.Dark");
        assertThat(ascii.cased()).isEqualTo("Theme.Dark");
        assertThat(ascii.folded()).isEqualTo("theme.dark");

        NormalisedText street = NormalisedText.of("HAUPTSTRA\u00dfE 5");
        assertThat(street.cased()).isEqualTo("HAUPTSTRA\u00dfE 5");
        assertThat(street.folded()).isEqualTo("hauptstrasse 5");

        NormalisedText encoded = NormalisedText.of("Stra\u00dfe%2FNr");
        assertThat(encoded.cased()).isEqualTo("Stra\u00dfe/Nr");
        assertThat(encoded.folded()).isEqualTo("strasse/nr");
    }
}
