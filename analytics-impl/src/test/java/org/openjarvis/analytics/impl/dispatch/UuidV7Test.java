package org.openjarvis.analytics.impl.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** RFC 9562 version 7: 48 bits of Unix milliseconds, the version 7, 12 random bits, the variant 10, 62 random bits. */
class UuidV7Test {

    private static final long MILLIS = 1_764_583_200_123L;

    @Test
    void anIdCarriesItsMillisecondsItsVersionAndTheRfcVariant() {
        UUID id = UuidV7.at(MILLIS);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).as("the RFC 9562 variant, bits 10").isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).as("the first 48 bits").isEqualTo(MILLIS);
    }

    @Test
    void idsOfTheSameMillisecondDifferInBothRandomFields() {
        List<UUID> ids = IntStream.range(0, 64).mapToObj(i -> UuidV7.at(MILLIS)).collect(Collectors.toList());

        assertThat(new HashSet<>(ids)).hasSize(64);
        Set<Long> randA = ids.stream().map(id -> id.getMostSignificantBits() & 0x0FFFL).collect(Collectors.toSet());
        Set<Long> randB = ids.stream().map(id -> id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL)
                .collect(Collectors.toSet());
        assertThat(randA).as("12 random bits after the version").hasSizeGreaterThan(1);
        assertThat(randB).as("62 random bits after the variant").hasSizeGreaterThan(1);
        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
    }

    @Test
    void idsSortByTheirMilliseconds() {
        assertThat(UuidV7.at(MILLIS)).isLessThan(UuidV7.at(MILLIS + 1));
    }
}
