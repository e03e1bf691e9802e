package org.openjarvis.analytics.impl.identity;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.openjarvis.analytics.impl.config.AnalyticsSettings;

/**
 * Whether analytics may run, and if not, why. The sources are checked in this order, and the first that says no
 * decides:
 * <ol>
 * <li>the environment: {@code DO_NOT_TRACK} or {@code OPENJARVIS_NO_ANALYTICS} set to a truthy value (the reference
 * removed this opt-out by accident; we keep it on purpose);</li>
 * <li>the user's own opt-out, made with {@code analytics:disable} and kept with the home ({@link UserOptOut});</li>
 * <li>the configuration's {@code enabled}, where a value that is not a boolean means no.</li>
 * </ol>
 */
public final class Consent {

    /** The opt-out variables, in the order they are checked. */
    public static final List<String> OPT_OUT_VARIABLES = List.of("DO_NOT_TRACK", "OPENJARVIS_NO_ANALYTICS");

    /** Who refused. */
    public enum Source {
        ENVIRONMENT, USER, CONFIGURATION
    }

    private static final Set<String> FALSY = Set.of("", "0", "false", "no", "off");
    private static final Consent GRANTED = new Consent(null, null);

    private final Source source;
    private final String refusal;

    private Consent(Source source, String refusal) {
        this.source = source;
        this.refusal = refusal;
    }

    /**
     * @param environment the process environment
     * @param userOptOut where the user's opt-out is recorded, if it is
     * @param settings the configuration
     */
    public static Consent evaluate(Map<String, String> environment, Optional<String> userOptOut,
            AnalyticsSettings settings) {
        for (String variable : OPT_OUT_VARIABLES) {
            String value = environment.get(variable);
            if (isTruthy(value)) {
                return new Consent(Source.ENVIRONMENT, "environment variable " + variable + "=" + value.strip()
                        + " is set");
            }
        }
        if (userOptOut.isPresent()) {
            return new Consent(Source.USER, "turned off with analytics:disable (" + userOptOut.get() + ")");
        }
        if (!settings.enabledValid()) {
            return new Consent(Source.CONFIGURATION, "configuration " + AnalyticsSettings.PID
                    + ": enabled is not true or false");
        }
        return settings.enabled() ? GRANTED : new Consent(Source.CONFIGURATION, "configuration enabled=false");
    }

    /** Truthy means set to anything except "", "0", "false", "no" or "off" (trimmed, case-insensitive). */
    static boolean isTruthy(String value) {
        return value != null && !FALSY.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether analytics may run. */
    public boolean granted() {
        return refusal == null;
    }

    /** Why analytics may not run; empty when it may. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Who refused; empty when analytics may run. */
    public Optional<Source> source() {
        return Optional.ofNullable(source);
    }
}
