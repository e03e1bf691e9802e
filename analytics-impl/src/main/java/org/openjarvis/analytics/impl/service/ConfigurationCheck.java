package org.openjarvis.analytics.impl.service;

/** Range checks for configuration values, with messages that name the PID, the property and the bad value. */
public final class ConfigurationCheck {

    private ConfigurationCheck() {
    }

    /** Returns {@code value} if it lies in [min, max], else throws IllegalArgumentException naming it. */
    public static long inRange(String pid, String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("Configuration " + pid + ": " + property + " must be between " + min
                    + " and " + max + ", got " + value);
        }
        return value;
    }
}
