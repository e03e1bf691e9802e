package org.openjarvis.analytics.common.text;

/**
 * Makes text from outside safe to print on one line: a terminal never sees an escape sequence, a log line is never
 * split or overwritten, and the text cannot reorder what is printed around it.
 *
 * <p>Removed: control characters (C0 including TAB, CR, LF and NUL, DEL, C1 including the single-character CSI),
 * format characters (the bidi controls, zero-width characters, the BOM), line and paragraph separators, lone
 * surrogates, private-use and unassigned code points. They are removed rather than replaced, so that text split by
 * them is whole again for the checks that follow (a key with a NUL in it is still recognised as the key). Runs of
 * spaces become one space.
 */
public final class PrintableText {

    private static final String ELLIPSIS = "\u2026";

    private PrintableText() {
    }

    /** {@link #printable} then {@link #bounded}; null is empty. */
    public static String of(String text, int maxCodePoints) {
        return bounded(printable(text), maxCodePoints);
    }

    /** The text without the characters listed above, its spaces collapsed and trimmed; null is empty. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (Character.isSpaceChar(codePoint) && !isLineBreak(codePoint)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else if (!removed(codePoint)) {
                out.appendCodePoint(codePoint);
            }
        });
        return out.toString().strip();
    }

    /**
     * At most {@code maxCodePoints} code points: a longer text is cut, never inside a surrogate pair, and ends with
     * an ellipsis (which counts).
     *
     * @throws IllegalArgumentException if {@code maxCodePoints} is less than 1
     */
    public static String bounded(String text, int maxCodePoints) {
        if (maxCodePoints < 1) {
            throw new IllegalArgumentException("maxCodePoints must be at least 1, got " + maxCodePoints);
        }
        if (text == null) {
            return "";
        }
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints - 1)) + ELLIPSIS;
    }

    private static boolean isLineBreak(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean removed(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }
}
