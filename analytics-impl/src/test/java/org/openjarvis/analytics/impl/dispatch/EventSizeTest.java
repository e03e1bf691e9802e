package org.openjarvis.analytics.impl.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjarvis.analytics.api.AnalyticsEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The estimate behind every byte bound, against the event written as JSON: never below it, so that a bound in
 * bytes holds, and close to it for the values that cost the most per character, so that the bound is not loose.
 */
class EventSizeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLISECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** What the fixed fields' estimate leaves over (160 against 130), and a comma not written after the last. */
    private static final int SLACK = 31;

    // Names, ids and keys in three-byte characters and values at their longest per character: what the estimate
    // assumes for every character, so that only the fixed slack is left.
    static Stream<Arguments> events() {
        Map<String, Object> doubles = new LinkedHashMap<>();
        Map<String, Object> integers = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            doubles.put(String.valueOf((char) (0x4e00 + i)), -1.2345678901234567E-300);
            integers.put(String.valueOf((char) (0x4e00 + i)), BigInteger.TWO.pow(1000).negate());
        }
        return Stream.of(
                Arguments.of("no properties", event("", "", Map.of())),
                Arguments.of("control characters, escaped in six bytes each",
                        event("", "", Map.of("\u8a2d", "\u0001".repeat(150)))),
                Arguments.of("three-byte characters in the name, the id and a key",
                        event("\u8a2d".repeat(40), "\u5b9a".repeat(60), Map.of("\u30c6".repeat(50), "\u0002"))),
                Arguments.of("sixty negative integers of a thousand bits", event("", "", integers)),
                Arguments.of("sixty of the longest double literal", event("", "", doubles)),
                Arguments.of("a contributing bundle's name in three-byte characters", AnalyticsEvent.of(
                        UuidV7.at(1_764_583_200_000L), "", "", Instant.ofEpochMilli(1_764_583_200_000L), Map.of(),
                        "\u8a2d".repeat(86))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void theEstimateIsNeverBelowTheJsonAndCloseToItForCostlyValues(String what, AnalyticsEvent event)
            throws JsonProcessingException {
        long json = jsonBytes(event);

        assertThat(EventSize.estimate(event)).as(what).isGreaterThanOrEqualTo(json).isLessThanOrEqualTo(json + SLACK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainValues")
    void plainValuesAreCoveredToo(String what, Object value) throws JsonProcessingException {
        AnalyticsEvent event = event("feature_used", "4b1c2e0a-8d6f-4c3b-9a7e-1f2d3c4b5a69",
                Collections.singletonMap("v", value));

        assertThat(EventSize.estimate(event)).as(what).isGreaterThanOrEqualTo(jsonBytes(event));
    }

    static Stream<Arguments> plainValues() {
        return Stream.of(Arguments.of("ascii", "chat"), Arguments.of("astral", "\ud83d\ude00".repeat(20)),
                Arguments.of("quote and backslash", "\"\\".repeat(30)), Arguments.of("zero", 0L),
                Arguments.of("float", 2.5f), Arguments.of("false", false), Arguments.of("null", null),
                Arguments.of("the longest long", Long.MIN_VALUE),
                Arguments.of("a small big integer", BigInteger.valueOf(7)));
    }

    private static AnalyticsEvent event(String name, String distinctId, Map<String, ?> properties) {
        return AnalyticsEvent.of(UuidV7.at(1_764_583_200_000L), name, distinctId, Instant.ofEpochMilli(
                1_764_583_200_000L), properties);
    }

    // As the sinks write an event: its fields, the timestamp in milliseconds, then the properties, its catalogue last.
    private static long jsonBytes(AnalyticsEvent event) throws JsonProcessingException {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("event", event.name());
        object.put("distinct_id", event.distinctId());
        object.put("timestamp", MILLISECONDS.format(event.timestamp()));
        object.put("uuid", event.uuid().toString());
        Map<String, Object> properties = new LinkedHashMap<>(event.properties());
        event.catalogue().ifPresent(catalogue -> properties.put("$catalogue", catalogue));
        object.put("properties", properties);
        return JSON.writeValueAsBytes(object).length;
    }
}
