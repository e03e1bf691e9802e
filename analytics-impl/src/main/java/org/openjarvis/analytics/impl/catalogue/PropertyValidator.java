package org.openjarvis.analytics.impl.catalogue;

import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The compiled form of one property's schema: the rule a value must pass to be sent. The rules reproduce Python's
 * type checks on JSON-shaped values, as the reference's validators do: a Boolean is never a number, a float is
 * never an integer (not even 5.0), integers may be arbitrarily large, and nothing is ever coerced.
 */
public interface PropertyValidator {

    /** Whether the value may be sent (after {@link #hashes hashing}, if the schema says so). */
    boolean accepts(Object value);

    /** The kind of value sent, which tells the strict privacy screen how to examine it. */
    ValueKind kind();

    /**
     * Whether an accepted value is sent as its {@code hash_id} rather than as it is ({@code x-openjarvis-hash}): true
     * unless the value is one of the schema's {@code enum}.
     */
    default boolean hashes(Object accepted) {
        return false;
    }

    /** The rule in a few words, as {@code analytics:catalogue EVENT} prints it. */
    String describe();

    /** {@code _is_bool}: Boolean only; 0 and 1 are not booleans. */
    PropertyValidator BOOL = new PropertyRules.Bool();

    /** {@code _is_int_nonneg}: an integral number of any size, at least 0. Floats fail, even 5.0. */
    PropertyValidator INT_NONNEG = integer(Optional.of(0L), Optional.empty());

    /**
     * {@code _is_number_nonneg}: an integral or floating-point number at least 0. NaN fails, -0.0 and +Infinity
     * pass, as they do with Python's {@code v >= 0}. BigDecimal is rejected like Python's Decimal.
     */
    PropertyValidator NUMBER_NONNEG = number(Optional.of(0L), Optional.empty());

    /** {@code _is_short_str}: a string of 1 to 64 code points. */
    PropertyValidator SHORT_STR = string(1, 64, Optional.empty());

    /** {@code _is_hash16}: exactly 16 characters from {@code 0123456789abcdef}. */
    PropertyValidator HASH16 = new PropertyRules.Hash16();

    /** {@code _is_one_of}: an exact, case-sensitive member of {@code allowed}. */
    static PropertyValidator oneOf(Set<String> allowed) {
        return new PropertyRules.OneOf(allowed);
    }

    /**
     * JSON Schema {@code type: integer}, read as Python's {@code int}, within the inclusive bounds given (each a
     * {@code Long}, a {@code BigInteger} or a finite {@code Double}).
     */
    static PropertyValidator integer(Optional<Number> minimum, Optional<Number> maximum) {
        return new PropertyRules.Numeric(new PropertyRules.Bounds(minimum, maximum), true);
    }

    /** JSON Schema {@code type: number}, read as Python's {@code int} or {@code float}, within the bounds given. */
    static PropertyValidator number(Optional<Number> minimum, Optional<Number> maximum) {
        return new PropertyRules.Numeric(new PropertyRules.Bounds(minimum, maximum), false);
    }

    /**
     * JSON Schema {@code type: string}: a string of {@code minLength} to {@code maxLength} code points in which
     * {@code pattern}, if any, is found.
     */
    static PropertyValidator string(int minLength, int maxLength, Optional<Pattern> pattern) {
        return new PropertyRules.Text(minLength, maxLength, pattern);
    }

    /**
     * {@code x-openjarvis-hash}: a string that passes {@code raw}'s rules, sent as it is if it is one of
     * {@code verbatim}, and as its {@code hash_id} otherwise.
     */
    static PropertyValidator hashed(PropertyValidator raw, Set<String> verbatim) {
        return new PropertyRules.Hashed(raw, verbatim);
    }

    /** Whether {@code value} is an integral number, as Python's {@code int} (a Boolean is not). */
    static boolean isIntegral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte;
    }
}
