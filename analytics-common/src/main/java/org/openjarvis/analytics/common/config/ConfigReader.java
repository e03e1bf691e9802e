package org.openjarvis.analytics.common.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one configuration dictionary property by property, with the types and ranges its metatype declares. Config
 * Admin may hold typed values, while {@code .cfg} files (FileInstall, Karaf) hold strings, so both are accepted.
 *
 * <p>A value that cannot be used is never fatal: the reader records a one-line problem naming the PID, the property,
 * the reason and the value kept instead, and returns the caller's fallback (the previous setting, or the default).
 * An absent property is the default. A problem never repeats a text value, which may be a secret pasted into the
 * wrong property; only a number that was read, or a fallback, is shown.
 *
 * <p>A caller that refuses the whole configuration when any value is bad reads it with {@link #allOrNothing}: its
 * problems say what is wrong and leave out the value kept, which the caller's own outcome decides.
 */
public final class ConfigReader {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,19}");

    private final String pid;
    private final Map<String, ?> properties;
    private final List<String> problems = new ArrayList<>();
    private final boolean namesFallbacks;

    /** @param properties the configuration's properties; null means none */
    public ConfigReader(String pid, Map<String, ?> properties) {
        this(pid, properties, true);
    }

    private ConfigReader(String pid, Map<String, ?> properties, boolean namesFallbacks) {
        this.pid = pid;
        this.properties = properties == null ? Map.of() : properties;
        this.namesFallbacks = namesFallbacks;
    }

    /**
     * A reader for a caller that uses none of the configuration when {@link #problems()} is not empty: a problem
     * ends with its reason, without the {@code ; keeping ...} of the fallback returned.
     *
     * @param properties the configuration's properties; null means none
     */
    public static ConfigReader allOrNothing(String pid, Map<String, ?> properties) {
        return new ConfigReader(pid, properties, false);
    }

    /**
     * A boolean: {@code true} or {@code false}, as a Boolean or as text in any case.
     *
     * @param defaultValue used when the property is absent
     * @param fallback used, with a problem recorded, when the value is not a boolean
     */
    public boolean bool(String property, boolean defaultValue, boolean fallback) {
        Object value = properties.get(property);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            String text = ((String) value).trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return text.equals("true");
            }
        }
        return refuse(property, reasonFor(value, "must be true or false"), fallback);
    }

    /**
     * A whole number in {@code [min, max]}, as any integral Number or as decimal text.
     *
     * @param defaultValue used when the property is absent
     * @param fallback used, with a problem recorded, when the value is not such a number
     */
    public long number(String property, long min, long max, long defaultValue, long fallback) {
        Object value = properties.get(property);
        if (value == null) {
            return defaultValue;
        }
        String expected = "must be a whole number from " + min + " to " + max;
        Long read = wholeNumber(value);
        if (read == null) {
            return refuse(property, reasonFor(value, expected), fallback);
        }
        if (read < min || read > max) {
            return refuse(property, expected + ", got " + read, fallback);
        }
        return read;
    }

    /** {@link #number} for an int property. */
    public int integer(String property, int min, int max, int defaultValue, int fallback) {
        return (int) number(property, min, max, defaultValue, fallback);
    }

    /**
     * A single value as text: a String as it is, a number, boolean or character as its text.
     *
     * @param defaultValue used when the property is absent
     * @param fallback used, with a problem recorded, when the value has several elements; null when there is no
     *        value to keep, and the caller says what happens then
     */
    public String text(String property, String defaultValue, String fallback) {
        Object value = properties.get(property);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character) {
            return value.toString();
        }
        problems.add(prefix(property) + reasonFor(value, "must be a single value")
                + (namesFallbacks && fallback != null ? "; keeping the previous value" : ""));
        return fallback;
    }

    /** Records a problem that the caller's own check found, e.g. a value outside a list of choices. */
    public void problem(String property, String reason) {
        problems.add(prefix(property) + reason);
    }

    /** The problems found so far, in the order the properties were read; each is one line. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private <T> T refuse(String property, String reason, T fallback) {
        problems.add(prefix(property) + reason + (namesFallbacks ? "; keeping " + fallback : ""));
        return fallback;
    }

    private String prefix(String property) {
        return "Configuration " + pid + ": " + property + " ";
    }

    // Says what kind of value was given, never the value itself.
    private static String reasonFor(Object value, String expected) {
        if (value instanceof Collection || value.getClass().isArray()) {
            return expected + ", got several values";
        }
        if (value instanceof String) {
            return expected + ", got " + (((String) value).isBlank() ? "an empty value" : "other text");
        }
        return expected + ", got a " + value.getClass().getSimpleName();
    }

    private static Long wholeNumber(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            return ((BigInteger) value).bitLength() < 64 ? ((BigInteger) value).longValue() : null;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            try {
                return new BigDecimal(value.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null; // a fraction, infinite, NaN, or beyond a long
            }
        }
        if (value instanceof String && WHOLE_NUMBER.matcher(((String) value).trim()).matches()) {
            try {
                return Long.parseLong(((String) value).trim());
            } catch (NumberFormatException e) {
                return null; // 19 digits beyond a long
            }
        }
        return null;
    }
}
