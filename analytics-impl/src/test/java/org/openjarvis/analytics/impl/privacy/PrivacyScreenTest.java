package org.openjarvis.analytics.impl.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.impl.catalogue.ValueKind;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen.Verdict;

class PrivacyScreenTest {

    private static final long TWO_TO_53 = 9_007_199_254_740_992L;

    @Test
    void integersAreBoundedAtTwoToThe53rdWhateverTheirType() {
        for (Number kept : List.<Number>of(0, 42, (byte) 7, (short) 7, 3_600_000L, TWO_TO_53,
                BigInteger.valueOf(TWO_TO_53), 1.5, 0.0, -0.0, Double.MAX_VALUE, 1e300)) {
            assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, kept)).as("%s", kept).isEqualTo(Verdict.KEEP);
        }
        for (Number refused : List.<Number>of(TWO_TO_53 + 1, Long.MAX_VALUE, BigInteger.TWO.pow(64),
                BigInteger.TEN.pow(4299), Double.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Double.NaN, Float.NaN,
                Float.NEGATIVE_INFINITY)) {
            assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, refused)).as("%s", refused)
                    .isEqualTo(Verdict.OUT_OF_RANGE);
        }
    }

    @Test
    void aCardNumberWrittenAsANumberIsPii() {
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, 4_111_111_111_111_111L)).isEqualTo(Verdict.PII);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, BigInteger.valueOf(378_282_246_310_005L)))
                .isEqualTo(Verdict.PII);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, 4_111_111_111_111_111.0)).isEqualTo(Verdict.PII);
        // One digit off, the Luhn check fails: a large count, not a card.
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, 4_111_111_111_111_112L)).isEqualTo(Verdict.KEEP);
        // Below 13 digits no card number exists, whatever the check digit.
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, 424_242_424_242L)).isEqualTo(Verdict.KEEP);
    }

    @Test
    void aHashOfDecimalDigitsThatPassesLuhnIsACardNumber() {
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.HASH, "4111111111111111")).isEqualTo(Verdict.PII);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.HASH, "4111111111111112")).isEqualTo(Verdict.KEEP);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.HASH, "8754b77c7eee26e4")).isEqualTo(Verdict.KEEP);
        // Every decimal digit counts, the smallest and the largest included.
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.HASH, "6011000990139424")).isEqualTo(Verdict.PII);
    }

    @Test
    void aHashWithAHexadecimalLetterIsNeverACardNumber() {
        // Real hashes; dozens of these thousand would pass the Luhn sum if their letters were read as digits.
        for (int i = 0; i < 1000; i++) {
            String hash = HashId.hashId("model-" + i);
            if (!hash.chars().allMatch(Character::isDigit)) {
                assertThat(PrivacyScreen.STRICT.examine(ValueKind.HASH, hash)).as(hash).isEqualTo(Verdict.KEEP);
            }
        }
    }

    @Test
    void freeTextGoesThroughTheStrictTextScreenAndChoicesThroughNothing() {
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.FREE_TEXT, "srv_192.168.0.10")).isEqualTo(Verdict.PII);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.FREE_TEXT, "2.0.0-rc.1")).isEqualTo(Verdict.KEEP);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.CHOICE, "srv_192.168.0.10")).isEqualTo(Verdict.KEEP);
    }

    @Test
    void theReferenceScreenKeepsEverythingTheCatalogueAccepts() {
        for (Object value : List.of("srv_192.168.0.10", "4111111111111111", BigInteger.TEN.pow(400),
                Double.POSITIVE_INFINITY)) {
            for (ValueKind kind : ValueKind.values()) {
                if (kind == ValueKind.NUMBER && !(value instanceof Number)) {
                    continue;
                }
                if (kind != ValueKind.NUMBER && kind != ValueKind.CHOICE && !(value instanceof String)) {
                    continue;
                }
                assertThat(PrivacyScreen.REFERENCE.examine(kind, value)).isEqualTo(Verdict.KEEP);
            }
        }
    }

    @Test
    void screensAreNamedCaseInsensitively() {
        assertThat(PrivacyScreen.named(" Strict ")).isEqualTo(Optional.of(PrivacyScreen.STRICT));
        assertThat(PrivacyScreen.named("REFERENCE")).isEqualTo(Optional.of(PrivacyScreen.REFERENCE));
        assertThat(PrivacyScreen.named("off")).isEmpty();
        assertThat(PrivacyScreen.named("")).isEmpty();
    }

    @Test
    void aNegativeNumberFromAContributedCatalogueIsBoundedAndCheckedByItsMagnitude() {
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, -(1L << 53))).isEqualTo(Verdict.KEEP);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, -(1L << 53) - 1)).isEqualTo(Verdict.OUT_OF_RANGE);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, Long.MIN_VALUE)).isEqualTo(Verdict.OUT_OF_RANGE);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, BigInteger.ONE.shiftLeft(70).negate()))
                .as("not truncated to its low 64 bits").isEqualTo(Verdict.OUT_OF_RANGE);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, -4_111_111_111_111_111L)).isEqualTo(Verdict.PII);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, -4_111_111_111_111_111.0)).isEqualTo(Verdict.PII);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, -42L)).isEqualTo(Verdict.KEEP);
        assertThat(PrivacyScreen.STRICT.examine(ValueKind.NUMBER, Double.NEGATIVE_INFINITY))
                .isEqualTo(Verdict.OUT_OF_RANGE);
    }
}
