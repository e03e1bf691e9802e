package org.openjarvis.analytics.impl.privacy;

import java.util.Optional;

/**
 * The numbers written inside a value: phone numbers, card numbers, national ids and other long numbers, told
 * apart from version numbers. A span is a run of digits joined by at most three of {@code space . - ( ) /}; it is
 * judged by its digit count, its separators and the sizes of its digit groups.
 *
 * <ul>
 * <li>A plus sign that starts a word, then 7 to 15 digits: an E.164 phone number.</li>
 * <li>13 to 19 digits, bare or grouped by spaces or dashes, that pass the Luhn check: a card number or an IMEI.
 * </li>
 * <li>Nine digits or more grouped by spaces, dashes, brackets or slashes: a phone number, or an SSN when grouped
 * 3-2-4; seven or eight ending in groups of 3 and 4, or with a bracketed group, a local phone number.</li>
 * <li>Groups joined by dots, or by dots and dashes (a version with a pre-release part), or starting with a date
 * ({@code 2024-01-10-071442}), are a version unless shaped 3.3.4 or 0d.dd.dd.dd.dd (phone numbers), 3.3.3 (a
 * Brazilian CPF, with or without -dd).</li>
 * <li>Any group of nine digits or more, unless it is a date-time stamp ({@code yyyyMMddHH[mm[ss]]}) or, after
 * another group, Unix seconds, as build metadata has: no version or setting needs such a number, and phones, ids
 * and accounts are written so.</li>
 * </ul>
 */
final class NumberShapes {

    private static final int SPACE = 1;
    private static final int DOT = 2;
    private static final int DASH = 4;
    private static final int BRACKET = 8;
    private static final int SLASH = 16;
    private static final int MAX_GROUPS = 32;

    private NumberShapes() {
    }

    static Optional<PiiCategory> find(String text) {
        int n = text.length();
        Span span = new Span(); // one for every span of the text: most values have several short ones
        for (int i = 0; i < n; i++) {
            if (Ascii.isDigit(text.charAt(i))) {
                span.read(text, i);
                Optional<PiiCategory> found = span.judge(text);
                if (found.isPresent()) {
                    return found;
                }
                i = span.afterBuildNumber(text);
            }
        }
        return Optional.empty();
    }

    private static int separator(char c) {
        switch (c) {
            case ' ':
                return SPACE;
            case '.':
                return DOT;
            case '-':
                return DASH;
            case '(':
            case ')':
                return BRACKET;
            case '/':
                return SLASH;
            default:
                return 0;
        }
    }

    private static final class Span {
        /** The span's digits without separators, made only for a span long enough to be judged. */
        CharSequence digits;
        int count;
        int start;
        final int[] groups = new int[MAX_GROUPS];
        int groupCount;
        int separators;
        boolean leadingPlus;
        int end;

        /** Reads the span that starts at {@code start}, in place of the one read before. */
        void read(String text, int start) {
            digits = null;
            count = 0;
            groupCount = 0;
            separators = 0;
            this.start = start;
            int n = text.length();
            if (start > 0 && text.charAt(start - 1) == '(') {
                separators |= BRACKET;
            }
            int plus = start > 0 && text.charAt(start - 1) == '(' ? start - 2 : start - 1;
            leadingPlus = plus >= 0 && text.charAt(plus) == '+'
                    && (plus == 0 || !Character.isLetterOrDigit(text.charAt(plus - 1)));
            int i = start;
            while (i < n) {
                int groupStart = i;
                while (i < n && Ascii.isDigit(text.charAt(i))) {
                    count++;
                    i++;
                }
                if (groupCount < MAX_GROUPS) {
                    groups[groupCount++] = i - groupStart;
                }
                int j = i;
                int seen = 0;
                while (j < n && j - i < 3 && separator(text.charAt(j)) != 0) {
                    seen |= separator(text.charAt(j++));
                }
                boolean buildNumber = (seen & BRACKET) != 0 && (separators & DOT) != 0;
                if (j == i || j >= n || !Ascii.isDigit(text.charAt(j)) || buildNumber) {
                    break;
                }
                separators |= seen;
                i = j;
            }
            end = i;
        }

        /**
         * Where to read on: past a bracketed build number that follows a dotted version ("4.2.1 (4210)",
         * "17.2.1 (19617.1.17.11.12)"), which is the version's, not a phone's bracketed group.
         */
        int afterBuildNumber(String text) {
            int open = end;
            while (open < text.length() && text.charAt(open) == ' ') {
                open++;
            }
            if ((separators & DOT) == 0 || open >= text.length() || text.charAt(open) != '(') {
                return end;
            }
            int close = open + 1;
            while (close < text.length() && (Ascii.isDigit(text.charAt(close)) || text.charAt(close) == '.')) {
                close++;
            }
            return close > open + 1 && close < text.length() && text.charAt(close) == ')' ? close : end;
        }

        Optional<PiiCategory> judge(String text) {
            if (count < 7) {
                return Optional.empty();
            }
            StringBuilder only = new StringBuilder(count);
            for (int i = start; i < end; i++) {
                if (Ascii.isDigit(text.charAt(i))) {
                    only.append(text.charAt(i));
                }
            }
            digits = only;
            if (leadingPlus && count <= 15) {
                return Optional.of(PiiCategory.PHONE);
            }
            if (count >= 13 && count <= 19 && (separators & ~(SPACE | DASH)) == 0 && Checksums.luhn(digits)) {
                return Optional.of(PiiCategory.PAYMENT_CARD);
            }
            if ((separators & ~(DOT | DASH)) == 0 && (separators & DOT) != 0 || startsWithDate()) {
                return judgeVersionLike();
            }
            if (count >= 9 && separators != 0) {
                return Optional.of(isShape(3, 2, 4) ? PiiCategory.NATIONAL_ID : PiiCategory.PHONE);
            }
            if ((separators & BRACKET) != 0 || (separators != 0 && endsWith(3, 4))) {
                return Optional.of(PiiCategory.PHONE);
            }
            return longGroup();
        }

        private Optional<PiiCategory> judgeVersionLike() {
            if (separators == DOT && (isShape(3, 3, 4) || isFrenchPhone()) && !startsWithDate()) {
                return Optional.of(PiiCategory.PHONE);
            }
            if (isShape(3, 3, 3) || isShape(3, 3, 3, 2)) {
                return Optional.of(PiiCategory.NATIONAL_ID);
            }
            return longGroup();
        }

        private Optional<PiiCategory> longGroup() {
            int offset = 0;
            for (int g = 0; g < groupCount; g++) {
                if (groups[g] >= 9 && !isTimestamp(digits, offset, groups[g])
                        && !(g > 0 && isEpochSeconds(digits, offset, groups[g]))) {
                    return Optional.of(PiiCategory.LONG_NUMBER);
                }
                offset += groups[g];
            }
            return Optional.empty();
        }

        private boolean isShape(int... sizes) {
            if (groupCount != sizes.length) {
                return false;
            }
            for (int g = 0; g < sizes.length; g++) {
                if (groups[g] != sizes[g]) {
                    return false;
                }
            }
            return true;
        }

        private boolean endsWith(int last2, int last) {
            return groupCount >= 2 && groups[groupCount - 2] == last2 && groups[groupCount - 1] == last;
        }

        // 2024-01-10-071442, 2024.01.10: a date, then perhaps a time, as snapshot and nightly builds are named.
        private boolean startsWithDate() {
            return groupCount >= 3 && groups[0] == 4 && groups[1] == 2 && groups[2] == 2
                    && isDate(digits, 0);
        }

        private boolean isFrenchPhone() {
            return isShape(2, 2, 2, 2, 2) && digits.charAt(0) == '0';
        }
    }

    /** {@code yyyyMMddHH}, {@code yyyyMMddHHmm} or {@code yyyyMMddHHmmss} in the years 1970 to 2099. */
    static boolean isTimestamp(CharSequence digits, int from, int length) {
        if (length != 10 && length != 12 && length != 14) {
            return false;
        }
        return isDate(digits, from) && between(number(digits, from + 8, 2), 0, 23)
                && (length < 12 || between(number(digits, from + 10, 2), 0, 59))
                && (length < 14 || between(number(digits, from + 12, 2), 0, 59));
    }

    private static boolean isDate(CharSequence digits, int from) {
        int year = number(digits, from, 4);
        return year >= 1970 && year <= 2099 && between(number(digits, from + 4, 2), 1, 12)
                && between(number(digits, from + 6, 2), 1, 31);
    }

    /**
     * Ten digits starting with 1, after a version's dot or dash: Unix seconds from 2001 to 2033, as builds are
     * stamped ({@code 1.86.0-1706698139}). No North American number starts with 1, nor do India's mobiles.
     */
    private static boolean isEpochSeconds(CharSequence digits, int from, int length) {
        return length == 10 && digits.charAt(from) == '1';
    }

    private static int number(CharSequence digits, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            value = value * 10 + digits.charAt(i) - '0';
        }
        return value;
    }

    private static boolean between(int value, int min, int max) {
        return value >= min && value <= max;
    }
}
