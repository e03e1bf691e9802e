package org.openjarvis.analytics.impl.privacy;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value as the strict screen reads it, so that a look-alike spelling hides nothing: Unicode NFKC (fullwidth
 * {@code ＠} is {@code @}), format characters such as U+200B removed, white space and control characters made
 * plain spaces, every decimal digit made ASCII, and punctuation written percent-encoded ({@code %40}) or as an
 * HTML character reference ({@code &#64;}, {@code &commat;}) decoded.
 *
 * @param cased that text, case kept: encoded blobs are told apart by their mix of cases
 * @param folded that text case-folded, which every other rule reads
 */
record NormalisedText(String cased, String folded) {

    static NormalisedText of(String value) {
        boolean plain = isPlainAscii(value);
        String cased = plain ? value : decodeEntities(decodePercent(clean(Normalizer.normalize(value,
                Normalizer.Form.NFKC))));
        // Upper then lower case folds more than lower case alone (ß becomes ss, as in Unicode case folding).
        String folded = plain || isAscii(cased) ? cased.toLowerCase(Locale.ROOT)
                : cased.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return new NormalisedText(cased, folded);
    }

    // Printable ASCII without '%' needs none of the steps, and is what nearly every real value is.
    private static boolean isPlainAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '%' || c == '&') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String clean(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.FORMAT) {
                continue;
            }
            if (type == Character.CONTROL || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                out.append(' ');
            } else if (type == Character.DECIMAL_DIGIT_NUMBER) {
                out.append((char) ('0' + Character.digit(c, 10)));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static final Pattern ENTITY = Pattern.compile("&(?:#(\\d{1,3})|#[xX]([0-9a-fA-F]{1,2})|(commat|period"
            + "|sol|colon|bsol|plus|equals|num));");
    private static final Map<String, String> NAMED_ENTITIES = Map.of("commat", "@", "period", ".", "sol", "/",
            "colon", ":", "bsol", "\\", "plus", "+", "equals", "=", "num", "#");

    private static String decodeEntities(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        Matcher m = ENTITY.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        while (m.find()) {
            int code = m.group(1) != null ? Integer.parseInt(m.group(1))
                    : m.group(2) != null ? Integer.parseInt(m.group(2), 16) : -1;
            String decoded = code < 0 ? NAMED_ENTITIES.get(m.group(3))
                    : isPunctuation(code) ? String.valueOf((char) code) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isPunctuation(int code) {
        return code >= 0x20 && code < 0x7f && !Character.isLetterOrDigit(code);
    }

    // Only punctuation is decoded: %41 stays as it is, so %APPDATA%-style names are still seen as written.
    private static String decodePercent(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                int decoded = hi * 16 + lo;
                if (hi >= 0 && lo >= 0 && isPunctuation(decoded)) {
                    out.append((char) decoded);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
