package org.openjarvis.analytics.impl.catalogue;

/**
 * Text from a catalogue file or a manifest, made safe for a log line or a terminal: control, format and line
 * separator characters are written as {@code \}{@code uXXXX}, and the text is cut at a length. A catalogue's author
 * chooses its names, descriptions and values; they must not be able to start a new log line or move a cursor.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} with every character that is not printable escaped, cut after {@code max} code points. */
    public static String text(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int count = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (count++ == max) {
                return out.append('\u2026').toString();
            }
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }
}
