package org.openjarvis.analytics.impl.jmx;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.impl.service.AnonymousIds;

/** The attributes of {@link AnalyticsMXBean} from one status snapshot and the bridge's counters. */
final class StatusAttributes implements AnalyticsMXBean {

    private final AnalyticsStatus status;
    private final Map<String, Long> bridge;

    StatusAttributes(AnalyticsStatus status, Map<String, Long> bridge) {
        this.status = status;
        this.bridge = Collections.unmodifiableMap(new LinkedHashMap<>(bridge));
    }

    @Override
    public boolean isEnabled() {
        return status.enabled();
    }

    @Override
    public String getDisabledReason() {
        return status.disabledReason().orElse("");
    }

    @Override
    public String getAnonymousId() {
        return status.anonymousId().map(AnonymousIds::mask).orElse("");
    }

    @Override
    public String getHealth() {
        return status.sinks().stream().map(SinkStatus::health).max(Comparator.naturalOrder())
                .orElse(SinkStatus.Health.OK).name();
    }

    @Override
    public Map<String, Long> getCounters() {
        return status.counters();
    }

    @Override
    public Map<String, Long> getBridgeCounters() {
        return bridge;
    }

    @Override
    public List<SinkAttributes> getSinks() {
        return status.sinks().stream().map(SinkAttributes::new).toList();
    }
}
