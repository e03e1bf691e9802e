package org.openjarvis.analytics.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrintableTextTest {

    @Test
    void controlFormatAndSeparatorCharactersAreRemovedSoNoTerminalOrLogIsFooled() {
        String hostile = "ok\u001b[2J\u001b]0;title\u0007 \r\nforged line\u0000\u007f\u0085\u009b31m"
                + "\u202eevil\u202c\u2066x\u2069\u200b\u200e\ufeff\u2028\u2029\ud800\ue000end\t";

        String printable = PrintableText.printable(hostile);

        assertThat(printable).isEqualTo("ok[2J]0;title forged line31mevilxend");
        assertThat(printable.codePoints()).allSatisfy(codePoint -> assertThat(Character.isISOControl(codePoint)
                || Character.getType(codePoint) == Character.FORMAT).as("U+%04X", codePoint).isFalse());
    }

    @Test
    void aSecretSplitByControlCharactersComesOutWholeForTheChecksThatFollow() {
        assertThat(PrintableText.printable("phc_\u0000abc\rdef\u200bghi")).isEqualTo("phc_abcdefghi");
    }

    @Test
    void spacesAreCollapsedAndTrimmedAndLettersOfEveryScriptStay() {
        assertThat(PrintableText.printable("  a \u00a0\u3000 b  ")).isEqualTo("a b");
        assertThat(PrintableText.printable("Zürich 東京 😀")).isEqualTo("Zürich 東京 😀");
        assertThat(PrintableText.printable(null)).isEmpty();
    }

    @Test
    void aLongTextIsCutWithAnEllipsisNeverInsideASurrogatePair() {
        assertThat(PrintableText.bounded("abcdef", 6)).isEqualTo("abcdef");
        assertThat(PrintableText.bounded("abcdefg", 6)).isEqualTo("abcde\u2026");
        String emoji = "😀".repeat(10);
        String cut = PrintableText.bounded(emoji, 4);
        assertThat(cut).isEqualTo("😀😀😀\u2026");
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(4);
        assertThat(PrintableText.of("x".repeat(1_000_000) + "\u0000", 100)).hasSize(100).endsWith("\u2026");
        assertThatThrownBy(() -> PrintableText.bounded("a", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
