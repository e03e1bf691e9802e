package org.openjarvis.analytics.impl.catalogue;

import java.math.BigInteger;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A rule a property value must pass to be sent. The rules reproduce Python's type checks on JSON-shaped values:
 * a Boolean is never a number, integers may be arbitrarily large, and nothing is ever coerced.
 */
public interface PropertyValidator {

    /** Whether the value may be sent as is. */
    boolean accepts(Object value);

    /** The kind of value accepted, which tells the strict privacy screen how to examine it. */
    ValueKind kind();

    /** {@code _is_bool}: Boolean only; 0 and 1 are not booleans. */
    PropertyValidator BOOL = of(ValueKind.CHOICE, value -> value instanceof Boolean);

    /** {@code _is_int_nonneg}: an integral number of any size, at least 0. Floats fail, even 5.0. */
    PropertyValidator INT_NONNEG = of(ValueKind.NUMBER, value -> isIntegral(value) && signum(value) >= 0);

    /**
     * {@code _is_number_nonneg}: an integral or floating-point number at least 0. NaN fails, -0.0 and +Infinity
     * pass, as they do with Python's {@code v >= 0}. BigDecimal is rejected like Python's Decimal.
     */
    PropertyValidator NUMBER_NONNEG = of(ValueKind.NUMBER, value -> isIntegral(value) ? signum(value) >= 0
            : (value instanceof Double || value instanceof Float) && ((Number) value).doubleValue() >= 0);

    /** {@code _is_short_str}: a string of 1 to 64 code points. */
    PropertyValidator SHORT_STR = of(ValueKind.FREE_TEXT,
            value -> value instanceof String && codePointsBetween((String) value, 1, 64));

    /** {@code _is_hash16}: exactly 16 characters from {@code 0123456789abcdef}. */
    PropertyValidator HASH16 = of(ValueKind.HASH, value -> value instanceof String && isHash16((String) value));

    /** {@code _is_one_of}: an exact, case-sensitive member of {@code allowed}. */
    static PropertyValidator oneOf(Set<String> allowed) {
        Set<String> copy = Set.copyOf(allowed);
        return of(ValueKind.CHOICE, value -> value instanceof String && copy.contains(value));
    }

    private static PropertyValidator of(ValueKind kind, Predicate<Object> rule) {
        return new PropertyValidator() {
            @Override
            public boolean accepts(Object value) {
                return rule.test(value);
            }

            @Override
            public ValueKind kind() {
                return kind;
            }
        };
    }

    private static boolean isIntegral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte;
    }

    private static int signum(Object integral) {
        return integral instanceof BigInteger ? ((BigInteger) integral).signum()
                : Long.signum(((Number) integral).longValue());
    }

    private static boolean codePointsBetween(String value, int min, int max) {
        // Two UTF-16 units per code point at most, so a longer string is over the limit without counting.
        if (value.length() > 2 * max) {
            return false;
        }
        int codePoints = value.codePointCount(0, value.length());
        return codePoints >= min && codePoints <= max;
    }

    private static boolean isHash16(String value) {
        if (value.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
