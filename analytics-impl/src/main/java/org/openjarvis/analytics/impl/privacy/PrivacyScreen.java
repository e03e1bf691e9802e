package org.openjarvis.analytics.impl.privacy;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

import org.openjarvis.analytics.impl.catalogue.ValueKind;

/**
 * What is checked, beyond the reference, in a value the catalogue accepts: the {@code privacy.screen} setting.
 * Only {@link #STRICT} looks at anything; {@link #REFERENCE} keeps the reference's behaviour exactly.
 */
public enum PrivacyScreen {
    /**
     * The default. Free text goes through {@link StrictTextScreen}; a number must be finite and at most 2^53 in
     * magnitude, past which PostHog's 64-bit floats do not keep it exactly, and must not be a Luhn-valid number of
     * 13 to 19 digits (a card number), whatever its sign; a hash must not be sixteen decimal digits that pass the Luhn check (a real
     * SHA-256 prefix is all decimal and Luhn-valid about once in 18 000).
     */
    STRICT,
    /** The reference's redaction and validation only. */
    REFERENCE;

    /** Largest integer a PostHog property keeps exactly: 2^53. */
    public static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final BigInteger MAX_EXACT = BigInteger.valueOf(MAX_EXACT_INTEGER);
    private static final long SMALLEST_CARD_NUMBER = 1_000_000_000_000L;

    /** What the screen decides about one value. */
    public enum Verdict {
        KEEP,
        /** Personal data or a secret. */
        PII,
        /** A number outside what a count or a duration can be. */
        OUT_OF_RANGE
    }

    /** The screen a {@code privacy.screen} value names, ignoring case. */
    public static Optional<PrivacyScreen> named(String name) {
        for (PrivacyScreen screen : values()) {
            if (screen.settingValue().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(screen);
            }
        }
        return Optional.empty();
    }

    /** The name in configuration. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Examines a value that the catalogue accepted, of a property of {@code kind}. */
    public Verdict examine(ValueKind kind, Object value) {
        if (this == REFERENCE) {
            return Verdict.KEEP;
        }
        switch (kind) {
            case FREE_TEXT:
                return StrictTextScreen.refuses((String) value) ? Verdict.PII : Verdict.KEEP;
            case HASH:
                return isLuhnDecimal((String) value) ? Verdict.PII : Verdict.KEEP;
            case NUMBER:
                return examineNumber((Number) value);
            default:
                return Verdict.KEEP;
        }
    }

    private static Verdict examineNumber(Number value) {
        if (value instanceof Double || value instanceof Float) {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                return Verdict.OUT_OF_RANGE;
            }
            double magnitude = Math.abs(d);
            return magnitude >= SMALLEST_CARD_NUMBER && magnitude <= MAX_EXACT_INTEGER && d == Math.rint(d)
                    ? examineInteger((long) d) : Verdict.KEEP;
        }
        if (value instanceof BigInteger) {
            BigInteger big = (BigInteger) value;
            return big.abs().compareTo(MAX_EXACT) > 0 ? Verdict.OUT_OF_RANGE : examineInteger(big.longValue());
        }
        return examineInteger(value.longValue());
    }

    // A contributed catalogue may accept negative numbers: the bound and the card check apply to the magnitude.
    private static Verdict examineInteger(long value) {
        if (value > MAX_EXACT_INTEGER || value < -MAX_EXACT_INTEGER) {
            return Verdict.OUT_OF_RANGE;
        }
        long magnitude = Math.abs(value);
        return magnitude >= SMALLEST_CARD_NUMBER && Checksums.luhn(Long.toString(magnitude)) ? Verdict.PII
                : Verdict.KEEP;
    }

    private static boolean isLuhnDecimal(String hash) {
        for (int i = 0; i < hash.length(); i++) {
            if (hash.charAt(i) < '0' || hash.charAt(i) > '9') {
                return false;
            }
        }
        return Checksums.luhn(hash);
    }
}
