package org.openjarvis.analytics.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An immutable snapshot of the analytics service: consent, identity, counters and sinks. */
public final class AnalyticsStatus {
    private final boolean enabled;
    private final String disabledReason;
    private final String anonymousId;
    private final Map<String, Long> counters;
    private final List<SinkStatus> sinks;

    private AnalyticsStatus(boolean enabled, String disabledReason, String anonymousId, Map<String, Long> counters,
            List<SinkStatus> sinks) {
        this.enabled = enabled;
        this.disabledReason = disabledReason;
        this.anonymousId = anonymousId;
        this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counters,
                "counters")));
        this.sinks = List.copyOf(sinks);
    }

    /**
     * Creates a snapshot.
     *
     * @param enabled whether events are being captured
     * @param disabledReason why not, or null while enabled
     * @param anonymousId the anonymous id, or null if none exists
     * @param counters service-level counters in display order
     * @param sinks one entry per bound sink
     */
    public static AnalyticsStatus of(boolean enabled, String disabledReason, String anonymousId,
            Map<String, Long> counters, List<SinkStatus> sinks) {
        return new AnalyticsStatus(enabled, disabledReason, anonymousId, counters, sinks);
    }

    /** Whether events are being captured. */
    public boolean enabled() {
        return enabled;
    }

    /** Why analytics is off; empty while it is on. */
    public Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }

    /** The anonymous id, if one exists. */
    public Optional<String> anonymousId() {
        return Optional.ofNullable(anonymousId);
    }

    /** Service-level counters (captured, dropped by reason, ...), unmodifiable, in display order. */
    public Map<String, Long> counters() {
        return counters;
    }

    /** One status per bound sink. */
    public List<SinkStatus> sinks() {
        return sinks;
    }
}
