package org.openjarvis.analytics.impl.privacy;

/** Character classes of normalised text, where every decimal digit is already ASCII. */
final class Ascii {

    private Ascii() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A digit or a lower-case letter a to f: what case-folded hexadecimal is made of. */
    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }
}
