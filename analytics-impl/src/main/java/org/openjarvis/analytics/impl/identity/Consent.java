package org.openjarvis.analytics.impl.identity;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether analytics may run, and if not, why. The environment is checked first and overrides everything else:
 * {@code DO_NOT_TRACK} or {@code OPENJARVIS_NO_ANALYTICS} set to a truthy value turns analytics off whatever the
 * configuration says. (The reference removed this opt-out by accident; we keep it on purpose.)
 */
public final class Consent {

    /** The opt-out variables, in the order they are checked. */
    public static final List<String> OPT_OUT_VARIABLES = List.of("DO_NOT_TRACK", "OPENJARVIS_NO_ANALYTICS");

    private static final Set<String> FALSY = Set.of("", "0", "false", "no", "off");
    private static final Consent GRANTED = new Consent(null);

    private final String refusal;

    private Consent(String refusal) {
        this.refusal = refusal;
    }

    /**
     * @param environment the process environment
     * @param configEnabled the {@code enabled} configuration property
     */
    public static Consent evaluate(Map<String, String> environment, boolean configEnabled) {
        for (String variable : OPT_OUT_VARIABLES) {
            String value = environment.get(variable);
            if (isTruthy(value)) {
                return new Consent("environment variable " + variable + "=" + value.strip() + " is set");
            }
        }
        return configEnabled ? GRANTED : new Consent("configuration enabled=false");
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
}
