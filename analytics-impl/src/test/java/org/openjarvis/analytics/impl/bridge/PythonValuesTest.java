package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Python's conversions, checked against values computed with CPython 3.11. */
class PythonValuesTest {

    @Test
    void truthiness() {
        for (Object falsy : new Object[] {null, false, 0, 0L, 0.0, -0.0, BigInteger.ZERO, "", List.of(), Map.of(),
            new int[0]}) {
            assertThat(PythonValues.truthy(falsy)).as("%s", falsy).isFalse();
        }
        for (Object truthy : new Object[] {true, 1, -1L, Double.NaN, 0.5, "0", " ", List.of(0), new Object()}) {
            assertThat(PythonValues.truthy(truthy)).as("%s", truthy).isTrue();
        }
    }

    @Test
    void strUsesPythonsSpellings() {
        assertThat(PythonValues.str(null)).isEqualTo("None");
        assertThat(PythonValues.str(true)).isEqualTo("True");
        assertThat(PythonValues.str(7L)).isEqualTo("7");
        assertThat(PythonValues.str("x")).isEqualTo("x");
    }

    @Test
    void floatReprMatchesPython() {
        // repr() of each value in CPython 3.11.
        Object[][] cases = {{1.0, "1.0"}, {1e16, "1e+16"}, {1e-5, "1e-05"}, {123456789012345678.0,
            "1.2345678901234568e+17"}, {0.1, "0.1"}, {1e22, "1e+22"}, {1.5, "1.5"}, {-0.0, "-0.0"},
            {1e15, "1000000000000000.0"}, {0.0001, "0.0001"}, {5e-324, "5e-324"}, {Double.NaN, "nan"},
            {Double.NEGATIVE_INFINITY, "-inf"}, {-2.5e-7, "-2.5e-07"}};
        for (Object[] c : cases) {
            assertThat(PythonValues.floatRepr((Double) c[0])).isEqualTo(c[1]);
        }
    }

    @Test
    void floatReprBreaksTiesToEvenOnTheExactBinaryValueAsPythonDoes() {
        // Each double is exactly halfway between its two shortest candidate strings; repr() in CPython 3.11 picks
        // the even last digit (rounding half up would give ...0.3, ...3.3 and ...8.13 for three of them).
        Object[][] cases = {{1000000000000000.25, "1000000000000000.2"}, {1000000000000000.75, "1000000000000000.8"},
            {-1401554156511853.25, "-1401554156511853.2"}, {137456808487808.125, "137456808487808.12"},
            {4503599627370497.5, "4503599627370498.0"}};
        for (Object[] c : cases) {
            assertThat(PythonValues.floatRepr((Double) c[0])).isEqualTo(c[1]);
        }
    }

    @Test
    void intParsesLikePython() {
        assertThat(PythonValues.toInt(" 7 ")).isEqualTo(7);
        assertThat(PythonValues.toInt("1_000")).isEqualTo(1000);
        assertThat(PythonValues.toInt("\u0663")).isEqualTo(3);
        assertThat(PythonValues.toInt("\uff14\uff12")).isEqualTo(42);
        assertThat(PythonValues.toInt("\u20035")).isEqualTo(5);
        assertThat(PythonValues.toInt("007")).isEqualTo(7);
        assertThat(PythonValues.toInt(true)).isEqualTo(1);
        assertThat(PythonValues.toInt(-3.7)).isEqualTo(-3);
        assertThat(PythonValues.toInt("99999999999999999999")).isEqualTo(new BigInteger("99999999999999999999"));
        for (Object junk : new Object[] {"12.5", "1e2", "abc", " ", "_1", "1__0", "1_", "\u001c5", "5\u200b",
            List.of(1), Double.NaN, Double.POSITIVE_INFINITY, null}) {
            assertThatThrownBy(() -> PythonValues.toInt(junk)).as("%s", junk)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void floatParsesLikePython() {
        assertThat(PythonValues.toFloat(" 1e3 ")).isEqualTo(1000.0);
        assertThat(PythonValues.toFloat("1_000.5")).isEqualTo(1000.5);
        assertThat(PythonValues.toFloat("\u0663.\u0665")).isEqualTo(3.5);
        assertThat(PythonValues.toFloat("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PythonValues.toFloat("nAn")).isNaN();
        assertThat(PythonValues.toFloat(".5")).isEqualTo(0.5);
        assertThat(PythonValues.toFloat("5.")).isEqualTo(5.0);
        for (String junk : new String[] {"1._5", "1_.5", "1e", "e5", ".", "0x10", "\u001c1.5", "abc"}) {
            assertThatThrownBy(() -> PythonValues.toFloat(junk)).as(junk).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void onlyNumbersMultiply() {
        assertThat(PythonValues.multiply(true, 1000.0)).isEqualTo(1000.0);
        assertThat(PythonValues.multiply(2L, 1000.0)).isEqualTo(2000.0);
        assertThatThrownBy(() -> PythonValues.multiply("2", 1000.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hundredThousandDigitStringsAreParsedWithoutExhaustingTheStack() {
        String digits = "1".repeat(100_000);
        String grouped = "1_".repeat(99_999) + "1"; // 100 000 digits
        // CPython 3.11: float("1"*100000) is inf, float("0." + "1_"*99999 + "1") is 0.1111111111111111,
        // float("1"*100000 + "e-99999") is 1.1111111111111112; int() of either digit string raises ValueError.
        assertThat(PythonValues.toFloat(digits)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PythonValues.toFloat("-" + grouped)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PythonValues.toFloat("0." + grouped)).isEqualTo(0.1111111111111111);
        assertThat(PythonValues.toFloat(digits + "e-99999")).isEqualTo(1.1111111111111112);
        assertThatThrownBy(() -> PythonValues.toInt(digits)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonValues.toInt(grouped)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonValues.toFloat(digits + "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonValues.toInt(" ".repeat(100_000) + "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intReadsAtMost4300DigitsFromAStringAsPython311Does() {
        // CPython 3.11: int("0"*4299 + "7") is 7, int("0"*4300 + "7") raises ValueError (leading zeros count),
        // int("1_"*4299 + "1") has 4300 digits and is accepted (underscores and the sign do not count).
        assertThat(PythonValues.toInt("0".repeat(4299) + "7")).isEqualTo(7);
        assertThat(PythonValues.toInt("+" + "0".repeat(4299) + "7")).isEqualTo(7);
        assertThat(PythonValues.toInt("1_".repeat(4299) + "1")).isEqualTo(new BigInteger("1".repeat(4300)));
        assertThat(PythonValues.toInt("-" + "9".repeat(4300)))
                .isEqualTo(BigInteger.TEN.pow(4300).subtract(BigInteger.ONE).negate());
        assertThatThrownBy(() -> PythonValues.toInt("0".repeat(4300) + "7"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonValues.toInt("1_".repeat(4300) + "1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strRefusesAnIntOfMoreThan4300Digits() {
        // CPython 3.11: str(10**4300 - 1) works, str(10**4300) raises ValueError.
        BigInteger largest = BigInteger.TEN.pow(4300).subtract(BigInteger.ONE);
        assertThat(PythonValues.str(largest.negate())).hasSize(4301).startsWith("-9");
        assertThatThrownBy(() -> PythonValues.str(largest.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIntTooLargeForAFloatRaisesAsPythonsOverflowError() {
        // CPython 3.11: float(10**400) and float(2**1024 - 2**970) raise OverflowError (the latter would round up to
        // 2**1024); float(2**1024 - 2**970 - 1) is 1.7976931348623157e+308; 10**400 * 1000.0 raises OverflowError.
        BigInteger twoTo1024 = BigInteger.TWO.pow(1024);
        BigInteger roundsUp = twoTo1024.subtract(BigInteger.TWO.pow(970));
        assertThatThrownBy(() -> PythonValues.toFloat(BigInteger.TEN.pow(400)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonValues.toFloat(roundsUp)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PythonValues.toFloat(roundsUp.subtract(BigInteger.ONE))).isEqualTo(Double.MAX_VALUE);
        assertThatThrownBy(() -> PythonValues.multiply(BigInteger.TEN.pow(400), 1000.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PythonValues.multiply(BigInteger.TEN.pow(300), 1000.0)).isEqualTo(1e303);
    }

    @Test
    void aBigDecimalBehavesAsPythonsDecimal() {
        // Each expected value is CPython 3.11's for decimal.Decimal of the same text.
        assertThat(PythonValues.truthy(new BigDecimal("0.5"))).isTrue();
        assertThat(PythonValues.truthy(new BigDecimal("0.00"))).isFalse();
        assertThat(PythonValues.truthy(new BigDecimal("0E+5"))).isFalse();
        assertThat(PythonValues.toInt(new BigDecimal("0.5"))).isEqualTo(0);
        assertThat(PythonValues.toInt(new BigDecimal("-2.7"))).isEqualTo(-2);
        assertThat(PythonValues.toInt(new BigDecimal("1E+30"))).isEqualTo(BigInteger.TEN.pow(30));
        assertThat(PythonValues.toInt(new BigDecimal("1E-999999999"))).isEqualTo(0);
        assertThat(PythonValues.toIntClamped(new BigDecimal("1E+999999999"))).isEqualTo(Long.MAX_VALUE);
        assertThat(PythonValues.toIntClamped(new BigDecimal("-1E+999999999"))).isEqualTo(Long.MIN_VALUE);
        assertThat(PythonValues.toIntClamped(new BigDecimal("12.9"))).isEqualTo(12);
        assertThat(PythonValues.toFloat(new BigDecimal("0.5"))).isEqualTo(0.5);
        assertThat(PythonValues.toFloat(new BigDecimal("1E+999999"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PythonValues.toFloat(new BigDecimal("-1E+999999"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PythonValues.toFloat(new BigDecimal("1E-999999"))).isEqualTo(0.0);
        // Decimal('1.5') * 1000.0 raises TypeError; isinstance(Decimal('4'), (int, float)) is False.
        assertThatThrownBy(() -> PythonValues.multiply(new BigDecimal("1.5"), 1000.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PythonValues.isNumber(new BigDecimal("4"))).isFalse();
        String[][] strs = {{"1E+3", "1E+3"}, {"0.0000001", "1E-7"}, {"123.4500", "123.4500"}, {"1e-6", "0.000001"},
            {"0E-8", "0E-8"}, {"1.0E+5", "1.0E+5"}, {"4", "4"}};
        for (String[] c : strs) {
            assertThat(PythonValues.str(new BigDecimal(c[0]))).isEqualTo(c[1]);
        }
    }
}
