package org.openjarvis.analytics.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Formats instants as {@code uuuu-MM-ddTHH:mm:ss.SSSZ} in UTC. Sinks format every event they write, and
 * {@link DateTimeFormatter} allocates about half a kilobyte per call (zone rules, a {@code BigDecimal} for the
 * fraction); this writes the 24 characters directly for years 0 to 9999 and leaves the rest to it.
 */
final class IsoTimestamp {

    private static final DateTimeFormatter OUTSIDE_FOUR_DIGIT_YEARS = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    private IsoTimestamp() {
    }

    static String format(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MILLIS);
        if (truncated.isBefore(FIRST) || truncated.isAfter(LAST)) {
            try {
                return OUTSIDE_FOUR_DIGIT_YEARS.format(truncated);
            } catch (DateTimeException e) { // beyond LocalDate's ±999 999 999 years: still ISO-8601
                return truncated.toString();
            }
        }
        long milli = truncated.toEpochMilli();
        long days = Math.floorDiv(milli, 86_400_000L);
        int milliOfDay = (int) Math.floorMod(milli, 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, eras of 400 years from 0000-03-01).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

        char[] text = new char[24];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, milliOfDay / 3_600_000, 2);
        text[13] = ':';
        digits(text, 14, milliOfDay / 60_000 % 60, 2);
        text[16] = ':';
        digits(text, 17, milliOfDay / 1000 % 60, 2);
        text[19] = '.';
        digits(text, 20, milliOfDay % 1000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
