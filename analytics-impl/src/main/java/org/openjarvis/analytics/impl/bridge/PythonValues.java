package org.openjarvis.analytics.impl.bridge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Python's truthiness, {@code str()}, {@code int()} and {@code float()} on the values an event carries, because
 * the reference bridge reads its data through them and the conformance vectors pin their exact behaviour.
 * A conversion Python would reject throws {@link IllegalArgumentException}; the bridge then drops the event.
 *
 * <p>A {@link BigDecimal} is Python's {@code decimal.Decimal}, as in the catalogue's validator: truthy unless zero,
 * {@code int()} truncates, {@code float()} converts, {@code str()} is the same scientific string
 * ({@link BigDecimal#toString()} implements the same specification), it is not an int or float for
 * {@code isinstance} and it does not multiply with a float.
 */
public final class PythonValues {

    // Python 3.11's limit on the digits int() reads from a string (sys.get_int_max_str_digits()); above it int()
    // raises ValueError.
    static final int INT_MAX_STR_DIGITS = 4300;
    private static final BigInteger INT_STR_LIMIT = BigInteger.TEN.pow(INT_MAX_STR_DIGITS);

    private PythonValues() {
    }

    /** Python's {@code bool(value)}. */
    public static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof BigInteger) {
            return ((BigInteger) value).signum() != 0;
        }
        if (value instanceof BigDecimal) { // decimal.Decimal: Decimal('0.5') is truthy
            return ((BigDecimal) value).signum() != 0;
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue() != 0.0; // NaN is truthy, -0.0 is not
        }
        if (value instanceof Number) {
            return ((Number) value).longValue() != 0;
        }
        if (value instanceof CharSequence) {
            return ((CharSequence) value).length() > 0;
        }
        if (value instanceof Collection) {
            return !((Collection<?>) value).isEmpty();
        }
        if (value instanceof Map) {
            return !((Map<?, ?>) value).isEmpty();
        }
        if (value.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(value) > 0;
        }
        return true;
    }

    /** Python's {@code a or b}: the first truthy value, else the last one. */
    static Object or(Object... values) {
        for (int i = 0; i < values.length - 1; i++) {
            if (truthy(values[i])) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** Python's {@code str(value)} for scalars; floats use {@code repr}, e.g. {@code 1e+16}. */
    static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return floatRepr(((Number) value).doubleValue());
        }
        if (value instanceof OpaqueValue) {
            return ((OpaqueValue) value).str();
        }
        if (value instanceof BigInteger && ((BigInteger) value).abs().compareTo(INT_STR_LIMIT) >= 0) {
            // Python 3.11's str() refuses an int of more than 4300 digits, as int() refuses such a string.
            throw new IllegalArgumentException("Exceeds the limit (" + INT_MAX_STR_DIGITS
                    + " digits) for integer string conversion");
        }
        return value.toString();
    }

    /** Python's {@code int(value)}: truncates floats, parses numeric strings, maps booleans to 0 and 1. */
    static BigInteger toInt(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (value instanceof BigInteger) {
            return (BigInteger) value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("cannot convert float " + d + " to integer");
            }
            return new BigDecimal(d).toBigInteger(); // truncates toward zero
        }
        if (value instanceof BigDecimal) { // int(Decimal) truncates toward zero
            BigDecimal decimal = (BigDecimal) value;
            return decimal.precision() <= decimal.scale() ? BigInteger.ZERO : decimal.toBigInteger();
        }
        if (value instanceof Number) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof String) {
            String literal = normaliseNumber((String) value);
            int start = literal.startsWith("+") || literal.startsWith("-") ? 1 : 0;
            int end = scanDigits(literal, start);
            if (end == start || end != literal.length()) {
                throw new IllegalArgumentException("invalid literal for int(): " + value);
            }
            String plain = literal.replace("_", "");
            if (plain.length() - start > INT_MAX_STR_DIGITS) { // leading zeros count, the sign does not
                throw new IllegalArgumentException("Exceeds the limit (" + INT_MAX_STR_DIGITS
                        + " digits) for integer string conversion");
            }
            return new BigInteger(plain);
        }
        throw new IllegalArgumentException("int() argument must be a string or a number, not " + typeName(value));
    }

    /**
     * Python's {@code int(value)} held to the range of a long (token counts hold at 2^63-1), without building the
     * huge integer a {@link BigDecimal} with a large exponent would give.
     */
    static long toIntClamped(Object value) {
        if (value instanceof BigDecimal) {
            BigDecimal decimal = (BigDecimal) value;
            int integerDigits = decimal.precision() - decimal.scale();
            if (decimal.signum() == 0 || integerDigits <= 0) {
                return 0;
            }
            if (integerDigits > 19) {
                return decimal.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
            }
        }
        BigInteger exact = toInt(value);
        if (exact.bitLength() < 64) {
            return exact.longValue();
        }
        return exact.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /** Python's {@code float(value)}. */
    static double toFloat(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value ? 1.0 : 0.0;
        }
        if (value instanceof BigInteger) {
            double d = ((BigInteger) value).doubleValue(); // correctly rounded, as Python's
            if (Double.isInfinite(d)) {
                throw new IllegalArgumentException("int too large to convert to float"); // OverflowError
            }
            return d;
        }
        if (value instanceof Number) { // float(Decimal) is correctly rounded and may be inf, as doubleValue()
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            String literal = normaliseNumber((String) value);
            if (!isFloatLiteral(literal)) {
                throw new IllegalArgumentException("could not convert string to float: " + value);
            }
            String plain = literal.replace("_", "").toLowerCase(Locale.ROOT);
            String unsigned = plain.startsWith("-") || plain.startsWith("+") ? plain.substring(1) : plain;
            double sign = plain.startsWith("-") ? -1.0 : 1.0;
            if (unsigned.startsWith("inf")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            return Double.parseDouble(plain);
        }
        throw new IllegalArgumentException("float() argument must be a string or a number, not "
                + typeName(value));
    }

    /**
     * Python's {@code value * 1000.0}: ints, floats and booleans multiply (an int too large for a float raises
     * OverflowError); everything else, {@code Decimal} included, raises TypeError.
     */
    static double multiply(Object value, double factor) {
        if (isNumber(value)) {
            return toFloat(value) * factor;
        }
        throw new IllegalArgumentException("can't multiply " + typeName(value) + " by float");
    }

    /**
     * Whether Python would treat the value as an int or float (bool included) in {@code isinstance}; a
     * {@link BigDecimal} is a {@code decimal.Decimal}, which is neither.
     */
    static boolean isNumber(Object value) {
        return value instanceof Boolean || value instanceof Number && !(value instanceof BigDecimal);
    }

    // Python strips white space (here without U+001C..U+001F, unlike str.isspace()) and accepts any Unicode
    // decimal digit.
    private static String normaliseNumber(String text) {
        StringBuilder ascii = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                ascii.append((char) ('0' + Character.digit(cp, 10)));
            } else if (isNumericSpace(cp)) {
                ascii.append(' ');
            } else {
                ascii.appendCodePoint(cp);
            }
        });
        // Only the spaces mapped above are stripped: String.strip() would also drop U+001C..U+001F.
        int start = 0;
        int end = ascii.length();
        while (start < end && ascii.charAt(start) == ' ') {
            start++;
        }
        while (end > start && ascii.charAt(end - 1) == ' ') {
            end--;
        }
        return ascii.substring(start, end);
    }

    // Python's float() syntax on a normalised string: [+-] then digits[.digits] or .digits, an optional exponent,
    // digits grouped by single underscores; or [+-] inf, infinity or nan in any case. Scanned by hand: a regex
    // with a repeated group recurses once per digit in java.util.regex and overflows the stack on long input.
    private static boolean isFloatLiteral(String literal) {
        int start = literal.startsWith("+") || literal.startsWith("-") ? 1 : 0;
        String rest = literal.substring(start).toLowerCase(Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity") || rest.equals("nan")) {
            return true;
        }
        int integerEnd = scanDigits(literal, start);
        int end = integerEnd;
        boolean digits = integerEnd > start;
        if (end < literal.length() && literal.charAt(end) == '.') {
            int fractionEnd = scanDigits(literal, end + 1);
            digits |= fractionEnd > end + 1;
            end = fractionEnd;
        }
        if (!digits) {
            return false;
        }
        if (end < literal.length() && (literal.charAt(end) == 'e' || literal.charAt(end) == 'E')) {
            int exponentStart = end + 1;
            if (exponentStart < literal.length()
                    && (literal.charAt(exponentStart) == '+' || literal.charAt(exponentStart) == '-')) {
                exponentStart++;
            }
            end = scanDigits(literal, exponentStart);
            if (end == exponentStart) {
                return false;
            }
        }
        return end == literal.length();
    }

    // The end of the run of ASCII digits starting at from, where single underscores may separate two digits;
    // from itself if there is no digit there.
    private static int scanDigits(String s, int from) {
        int i = from;
        if (i >= s.length() || !isAsciiDigit(s.charAt(i))) {
            return from;
        }
        i++;
        while (i < s.length()) {
            if (isAsciiDigit(s.charAt(i))) {
                i++;
            } else if (s.charAt(i) == '_' && i + 1 < s.length() && isAsciiDigit(s.charAt(i + 1))) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNumericSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    // repr(float): the shortest digits that round-trip, in exponent form below 1e-4 or from 1e16 on.
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestRoundTrip(d);
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = shortest.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    // Python's repr (David Gay's dtoa, mode 0): the fewest significant digits that read back as d; of two such
    // strings with as few digits, the one nearer the exact binary value of d, and on an exact tie the one with an
    // even last digit. Every double round-trips with 17 digits.
    private static BigDecimal shortestRoundTrip(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
            boolean downFits = down.doubleValue() == d;
            boolean upFits = up.doubleValue() == d;
            if (downFits && upFits) {
                return exact.round(new MathContext(precision, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            }
            if (downFits || upFits) {
                return (downFits ? down : up).stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String typeName(Object value) {
        if (value instanceof OpaqueValue) {
            return ((OpaqueValue) value).typeName();
        }
        return value == null ? "NoneType" : value.getClass().getSimpleName();
    }
}
