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
     * @param disabledReason why not; may be null, and is null while enabled
     * @param anonymousId the anonymous id; may be null, if none exists
     * @param counters service-level counters in display order, copied; never null
     * @param sinks one entry per bound sink, copied; never null, nor any element
     * @return the snapshot, never null
     * @throws NullPointerException if {@code counters} or {@code sinks} is null
     */
    public static AnalyticsStatus of(boolean enabled, String disabledReason, String anonymousId,
            Map<String, Long> counters, List<SinkStatus> sinks) {
        return new AnalyticsStatus(enabled, disabledReason, anonymousId, counters, sinks);
    }

    /**
     * Whether events are being captured.
     *
     * @return true while analytics is on
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Why analytics is off.
     *
     * @return the reason, never null; empty while analytics is on
     */
    public Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }

    /**
     * The anonymous id.
     *
     * @return the id, never null; empty if none exists
     */
    public Optional<String> anonymousId() {
        return Optional.ofNullable(anonymousId);
    }

    /**
     * Service-level counters (captured, dropped by reason, ...).
     *
     * @return the counters, unmodifiable, in display order; never null
     */
    public Map<String, Long> counters() {
        return counters;
    }

    /**
     * The sinks' statuses.
     *
     * @return one status per bound sink, unmodifiable; never null, empty while no sink is bound
     */
    public List<SinkStatus> sinks() {
        return sinks;
    }
}
