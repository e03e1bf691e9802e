package org.openjarvis.analytics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hand-written formatter against {@link DateTimeFormatter} with the same pattern. */
class IsoTimestampTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void truncatesToMillisecondsInUtc() {
        assertEquals("2026-11-25T03:21:49.123Z", IsoTimestamp.format(Instant.parse("2026-11-25T03:21:49.123456789Z")));
        assertEquals("2026-01-02T00:00:00.000Z", IsoTimestamp.format(Instant.parse("2026-01-02T00:00:00Z")));
        assertEquals("2026-01-02T00:00:00.999Z", IsoTimestamp.format(Instant.parse("2026-01-02T00:00:00.9999Z")));
        assertEquals("1969-12-31T23:59:59.999Z", IsoTimestamp.format(Instant.ofEpochMilli(-1)));
        assertEquals("2024-02-29T12:00:00.000Z", IsoTimestamp.format(Instant.parse("2024-02-29T12:00:00Z")));
    }

    @Test
    void agreesWithDateTimeFormatterOverTheWholeRange() {
        Random random = new Random(20261125);
        long first = Instant.parse("-1000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)),
                    random.nextInt(1_000_000_000));
            assertEquals(REFERENCE.format(instant.truncatedTo(ChronoUnit.MILLIS)), IsoTimestamp.format(instant),
                    instant::toString);
        }
        for (String edge : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z"}) {
            Instant instant = Instant.parse(edge);
            assertEquals(REFERENCE.format(instant), IsoTimestamp.format(instant), edge);
        }
        // Beyond what DateTimeFormatter can print: Instant's own ISO-8601 form.
        assertEquals("+1000000000-12-31T23:59:59.999Z", IsoTimestamp.format(Instant.MAX));
        assertEquals("-1000000000-01-01T00:00:00Z", IsoTimestamp.format(Instant.MIN));
    }
}
