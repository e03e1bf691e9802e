package org.openjarvis.analytics.impl.privacy;

import java.util.BitSet;

/**
 * Python 3's white space: the characters for which {@code str.isspace()} is true, which are exactly what {@code \s}
 * matches in a {@code str} pattern and what {@code str.strip()} removes. Java's {@code Character.isWhitespace}
 * (and so {@code String.strip()}) differs: it leaves out U+0085, U+00A0, U+2007 and U+202F.
 */
public final class PythonWhitespace {

    /** The set as the inside of a regular expression character class. */
    static final String CHARACTER_CLASS = "\\t\\n\\x0B\\f\\r\\x1C-\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029"
            + "\\u202F\\u205F\\u3000";

    /** The last white space character: every one is in the BMP, none above U+3000, so a char-indexed set is exact. */
    static final char LAST = '\u3000';
    // The same set one by one (CPython 3.11: bidirectional type WS, B or S, or category Zs), so that initialising
    // this class, which the first capture does, runs no pattern. A test checks that CHARACTER_CLASS matches these.
    private static final String CHARACTERS = "\t\n\u000B\f\r\u001C\u001D\u001E\u001F \u0085\u00A0\u1680\u2000\u2001"
            + "\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";
    private static final BitSet SET = setOf(CHARACTERS);

    private PythonWhitespace() {
    }

    /** Python's {@code c.isspace()}. */
    public static boolean isSpace(char c) {
        return c <= LAST && SET.get(c);
    }

    /** Python's {@code s.strip()}: {@code s} without the white space at either end. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** The set, as a copy the caller may change. */
    static BitSet asBitSet() {
        return (BitSet) SET.clone();
    }

    private static BitSet setOf(String characters) {
        BitSet set = new BitSet(LAST + 1);
        for (int i = 0; i < characters.length(); i++) {
            set.set(characters.charAt(i));
        }
        return set;
    }
}
