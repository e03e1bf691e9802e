package org.openjarvis.analytics.impl.catalogue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** The implementations of {@link PropertyValidator}, one per schema shape. */
final class PropertyRules {

    private PropertyRules() {
    }

    static final class Bool implements PropertyValidator {
        @Override
        public boolean accepts(Object value) {
            return value instanceof Boolean;
        }

        @Override
        public ValueKind kind() {
            return ValueKind.CHOICE;
        }

        @Override
        public String describe() {
            return "boolean";
        }
    }

    static final class OneOf implements PropertyValidator {
        private final Set<String> allowed;

        OneOf(Set<String> allowed) {
            Set<String> interned = new LinkedHashSet<>(); // as EventSpec's names, for the same lookups
            allowed.forEach(value -> interned.add(value.intern()));
            this.allowed = Collections.unmodifiableSet(interned);
        }

        /** The values in the catalogue's order. */
        Set<String> values() {
            return allowed;
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof String && allowed.contains(value);
        }

        @Override
        public ValueKind kind() {
            return ValueKind.CHOICE;
        }

        @Override
        public String describe() {
            return "one of " + printable(allowed);
        }
    }

    static final class Hash16 implements PropertyValidator {
        @Override
        public boolean accepts(Object value) {
            if (!(value instanceof String) || ((String) value).length() != 16) {
                return false;
            }
            String hash = (String) value;
            for (int i = 0; i < 16; i++) {
                char c = hash.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public ValueKind kind() {
            return ValueKind.HASH;
        }

        @Override
        public String describe() {
            return "16 lowercase hexadecimal digits (a hash made by the caller)";
        }
    }

    /** {@code integer} (Python's {@code int}: never a float, not even 5.0) or {@code number} (an int or a float). */
    static final class Numeric implements PropertyValidator {
        private final Bounds bounds;
        private final boolean integersOnly;

        Numeric(Bounds bounds, boolean integersOnly) {
            this.bounds = bounds;
            this.integersOnly = integersOnly;
        }

        @Override
        public boolean accepts(Object value) {
            if (value instanceof Double || value instanceof Float) {
                return !integersOnly && bounds.contain(((Number) value).doubleValue());
            }
            if (value instanceof BigInteger) {
                return bounds.contain(new BigDecimal((BigInteger) value));
            }
            return PropertyValidator.isIntegral(value) && bounds.contain(((Number) value).longValue());
        }

        @Override
        public ValueKind kind() {
            return ValueKind.NUMBER;
        }

        @Override
        public String describe() {
            return (integersOnly ? "integer" : "number") + bounds.describe();
        }
    }

    static final class Text implements PropertyValidator {
        private final int minLength;
        private final int maxLength;
        private final Optional<Pattern> pattern;

        Text(int minLength, int maxLength, Optional<Pattern> pattern) {
            this.minLength = minLength;
            this.maxLength = maxLength;
            this.pattern = pattern;
        }

        @Override
        public boolean accepts(Object value) {
            if (!(value instanceof String)) {
                return false;
            }
            String text = (String) value;
            int codePoints = text.codePointCount(0, text.length());
            return codePoints >= minLength && codePoints <= maxLength
                    && (pattern.isEmpty() || PatternBudget.finds(pattern.get(), text));
        }

        @Override
        public ValueKind kind() {
            return ValueKind.FREE_TEXT;
        }

        @Override
        public String describe() {
            return "string of " + minLength + " to " + maxLength + " code points"
                    + pattern.map(p -> " containing a match of " + Printable.text(p.pattern(),
                            SchemaCompiler.MAX_PATTERN_LENGTH)).orElse("");
        }
    }

    static final class Hashed implements PropertyValidator {
        private final PropertyValidator raw;
        private final Set<String> verbatim;

        Hashed(PropertyValidator raw, Set<String> verbatim) {
            this.raw = raw;
            this.verbatim = Collections.unmodifiableSet(new LinkedHashSet<>(verbatim));
        }

        @Override
        public boolean accepts(Object value) {
            return verbatim.contains(value) || raw.accepts(value);
        }

        @Override
        public boolean hashes(Object accepted) {
            return !verbatim.contains(accepted);
        }

        @Override
        public ValueKind kind() {
            return ValueKind.HASH;
        }

        @Override
        public String describe() {
            return raw.describe() + ", sent as its hash" + (verbatim.isEmpty() ? ""
                    : " unless one of " + printable(verbatim));
        }
    }

    private static String printable(Set<String> values) {
        StringJoiner joined = new StringJoiner(", ");
        values.forEach(value -> joined.add(Printable.text(value, SchemaCompiler.MAX_TEXT_LENGTH)));
        return joined.toString();
    }

    /**
     * Inclusive bounds, compared as Python compares numbers: exactly, whatever the types. A bound written as an integer
     * is that integer, however large; one written with a point or an exponent is the double a JSON reader makes of
     * it, as {@code json.loads} would, so {@code "maximum": 0.1} admits the double 0.1. A NaN is outside any bound.
     */
    static final class Bounds {
        private final Optional<Number> minimum;
        private final Optional<Number> maximum;
        private final Optional<BigDecimal> exactMinimum;
        private final Optional<BigDecimal> exactMaximum;
        // The same bounds as longs for the common case, an Integer or Long value.
        private final long minLong;
        private final long maxLong;
        private final boolean emptyForLongs;
        // And as doubles, when each bound present is exactly a double: then a double is compared without a
        // BigDecimal. Infinities stand for no bound.
        private final double minDouble;
        private final double maxDouble;
        private final boolean exactAsDoubles;

        /** Bounds, each a {@code Long}, a {@code BigInteger} or a finite {@code Double}. */
        Bounds(Optional<Number> minimum, Optional<Number> maximum) {
            this.minimum = minimum;
            this.maximum = maximum;
            this.exactMinimum = minimum.map(Bounds::exact);
            this.exactMaximum = maximum.map(Bounds::exact);
            BigDecimal longMin = BigDecimal.valueOf(Long.MIN_VALUE);
            BigDecimal longMax = BigDecimal.valueOf(Long.MAX_VALUE);
            // The smallest integer at or above the minimum, the largest at or below the maximum.
            BigDecimal low = exactMinimum.map(m -> m.setScale(0, RoundingMode.CEILING)).orElse(longMin);
            BigDecimal high = exactMaximum.map(m -> m.setScale(0, RoundingMode.FLOOR)).orElse(longMax);
            this.emptyForLongs = low.compareTo(longMax) > 0 || high.compareTo(longMin) < 0;
            this.minLong = low.max(longMin).longValue();
            this.maxLong = high.min(longMax).longValue();
            this.minDouble = exactMinimum.map(BigDecimal::doubleValue).orElse(Double.NEGATIVE_INFINITY);
            this.maxDouble = exactMaximum.map(BigDecimal::doubleValue).orElse(Double.POSITIVE_INFINITY);
            this.exactAsDoubles = exactMinimum.map(Bounds::isExactDouble).orElse(true)
                    && exactMaximum.map(Bounds::isExactDouble).orElse(true);
        }

        /** The exact value of a bound. */
        static BigDecimal exact(Number bound) {
            if (bound instanceof BigInteger) {
                return new BigDecimal((BigInteger) bound);
            }
            return bound instanceof Double ? new BigDecimal((Double) bound) : BigDecimal.valueOf(bound.longValue());
        }

        // An integer bound past 1.8e308 has no double at all.
        private static boolean isExactDouble(BigDecimal bound) {
            double d = bound.doubleValue();
            return Double.isFinite(d) && new BigDecimal(d).compareTo(bound) == 0;
        }

        boolean contain(long value) {
            return !emptyForLongs && value >= minLong && value <= maxLong;
        }

        boolean contain(double value) {
            if (Double.isNaN(value)) {
                return minimum.isEmpty() && maximum.isEmpty();
            }
            if (exactAsDoubles) {
                return value >= minDouble && value <= maxDouble;
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? maximum.isEmpty() : minimum.isEmpty();
            }
            return contain(new BigDecimal(value));
        }

        boolean contain(BigDecimal value) {
            return exactMinimum.map(m -> value.compareTo(m) >= 0).orElse(true)
                    && exactMaximum.map(m -> value.compareTo(m) <= 0).orElse(true);
        }

        String describe() {
            if (minimum.isPresent() && maximum.isPresent()) {
                return " from " + minimum.get() + " to " + maximum.get();
            }
            return minimum.map(m -> " \u2265 " + m).orElse(maximum.map(m -> " \u2264 " + m).orElse(""));
        }
    }
}
