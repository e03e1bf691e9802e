package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class PythonWhitespaceTest {

    @Test
    void isExactlyPythonsIsspace() {
        // CPython 3.11: the characters with bidirectional type WS, B or S, or category Zs.
        String python = "\t\n\u000B\f\r\u001C\u001D\u001E\u001F \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004"
                + "\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            assertThat(PythonWhitespace.isSpace(c)).as("U+%04X", (int) c).isEqualTo(python.indexOf(c) >= 0);
        }
    }

    @Test
    void theCharacterClassThePatternsUseMatchesExactlyTheSameCharacters() {
        Pattern space = Pattern.compile("[" + PythonWhitespace.CHARACTER_CLASS + "]");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            assertThat(space.matcher(String.valueOf(c)).matches()).as("U+%04X", (int) c)
                    .isEqualTo(PythonWhitespace.isSpace(c));
        }
    }

    @Test
    void stripRemovesItAtBothEndsOnly() {
        assertThat(PythonWhitespace.strip("\u00A0\u0085\u001C a\u2007b \u202F\u3000")).isEqualTo("a\u2007b");
        assertThat(PythonWhitespace.strip("\u200Ba\u200B")).isEqualTo("\u200Ba\u200B"); // zero-width: not \s
        assertThat(PythonWhitespace.strip(" \u00A0\n")).isEmpty();
        assertThat(PythonWhitespace.strip("")).isEmpty();
        assertThat(PythonWhitespace.strip("id")).isEqualTo("id");
    }
}
