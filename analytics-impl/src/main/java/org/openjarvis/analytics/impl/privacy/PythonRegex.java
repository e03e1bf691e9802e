package org.openjarvis.analytics.impl.privacy;

import java.util.regex.Pattern;

/**
 * Compiles the reference's regular expressions with Python 3's semantics for {@code str} patterns, which Java's
 * flags alone do not give (see {@code conformance/README.md} §2):
 *
 * <ul>
 * <li>{@code \w} is {@code [\p{L}\p{N}_]}: letters and every kind of number, no combining marks;</li>
 * <li>{@code \d} is {@code \p{Nd}};</li>
 * <li>{@code \s} is exactly {@code str.isspace()} ({@link PythonWhitespace}), which includes U+001C..U+001F;</li>
 * <li>{@code \b} is a boundary between such a word character and anything else. Java's own {@code \b} treats a
 * combining mark after a word character as part of the word, so it is rebuilt from lookarounds.</li>
 * </ul>
 *
 * Lookbehind in Java examines a single UTF-16 unit, so astral characters must be folded into single units first:
 * see {@link #foldAstral(String)}.
 */
final class PythonRegex {

    static final String WORD = "[\\p{L}\\p{N}_]";
    static final String BOUNDARY = "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";

    // Stand-ins for astral code points, chosen so that every class used by the patterns treats them alike: a
    // decimal digit, a caseless letter, and a character that is neither a word character nor white space.
    private static final char DIGIT = '\u0660';
    private static final char LETTER = '\u00AA';
    private static final char OTHER = '\u00A7';

    private PythonRegex() {
    }

    /**
     * Translates a Python pattern that uses {@code \w \d \s \S \b} (outside or inside character classes) into a
     * Java pattern with the same meaning, and compiles it. {@code (?i)} becomes Unicode-aware, as in Python.
     */
    static Pattern compile(String python) {
        StringBuilder java = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '\\' && i + 1 < python.length()) {
                char escaped = python.charAt(++i);
                java.append(translateEscape(escaped, inClass));
                continue;
            }
            if (c == '[' && !inClass) {
                inClass = true;
            } else if (c == ']' && inClass) {
                inClass = false;
            }
            java.append(c);
        }
        return Pattern.compile(java.toString().replace("(?i)", "(?iu)"));
    }

    private static String translateEscape(char escaped, boolean inClass) {
        switch (escaped) {
            case 'w':
                return inClass ? "\\p{L}\\p{N}_" : WORD;
            case 'd':
                return "\\p{Nd}";
            case 's':
                return inClass ? PythonWhitespace.CHARACTER_CLASS : "[" + PythonWhitespace.CHARACTER_CLASS + "]";
            case 'S':
                if (inClass) {
                    throw new IllegalArgumentException("\\S inside a character class is not supported");
                }
                return "[^" + PythonWhitespace.CHARACTER_CLASS + "]";
            case 'b':
                if (inClass) {
                    throw new IllegalArgumentException("\\b inside a character class is not supported");
                }
                return BOUNDARY;
            default:
                return "\\" + escaped;
        }
    }

    /**
     * Replaces each astral code point (and any lone surrogate) with one BMP character of the same class, so that
     * lookbehinds see whole characters. Strings without surrogates, the usual case, are returned as they are.
     */
    static String foldAstral(String s) {
        boolean hasSurrogate = false;
        for (int i = 0; i < s.length() && !hasSurrogate; i++) {
            hasSurrogate = Character.isSurrogate(s.charAt(i));
        }
        if (!hasSurrogate) {
            return s;
        }
        StringBuilder folded = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> folded.append(Character.isBmpCodePoint(cp) && !Character.isSurrogate(
                (char) cp) ? (char) cp : standIn(cp)));
        return folded.toString();
    }

    private static char standIn(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.DECIMAL_DIGIT_NUMBER) {
            return DIGIT;
        }
        if (Character.isLetter(codePoint) || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER) {
            return LETTER;
        }
        return OTHER;
    }
}
