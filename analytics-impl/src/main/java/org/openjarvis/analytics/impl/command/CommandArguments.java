package org.openjarvis.analytics.impl.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses {@code key=value} command arguments. Gogo hands each one over verbatim; the value is read like a JSON
 * scalar: {@code -?(0|[1-9][0-9]*)} that fits a long is a Long, a JSON number with a fraction or exponent is a
 * Double, exactly {@code true} or {@code false} is a Boolean, and anything else (including {@code 007},
 * {@code null} and integers out of range) stays a String.
 */
final class CommandArguments {

    private static final Pattern JSON_INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]*)");
    private static final Pattern JSON_FRACTIONAL = Pattern.compile(
            "-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)");
    /** Longest argument accepted; longer ones are refused rather than copied around. */
    static final int MAX_ARGUMENT_LENGTH = 4096;

    private CommandArguments() {
    }

    /** Parses every argument, in order; a later duplicate key wins. */
    static Map<String, Object> parse(String... arguments) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (arguments == null) {
            return properties;
        }
        for (String argument : arguments) {
            if (argument == null || argument.length() > MAX_ARGUMENT_LENGTH) {
                throw new IllegalArgumentException("arguments are key=value pairs of at most "
                        + MAX_ARGUMENT_LENGTH + " characters");
            }
            int equals = argument.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + argument + "'");
            }
            properties.put(argument.substring(0, equals), value(argument.substring(equals + 1)));
        }
        return properties;
    }

    static Object value(String text) {
        if (JSON_INTEGER.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text; // out of range for a long
            }
        }
        if (JSON_FRACTIONAL.matcher(text).matches()) {
            double value = Double.parseDouble(text);
            return Double.isInfinite(value) ? text : value;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        return text;
    }
}
