package org.openjarvis.analytics.impl.jmx;

import java.util.Map;

import org.openjarvis.analytics.api.SinkStatus;

/**
 * One sink in {@link AnalyticsMXBean#getSinks()}, a JMX composite value: its health and reason, the accounting of
 * its events ({@code accepted + recovered = delivered + dropped + pending} when balanced; -1 for a sink that keeps
 * none) and its counters.
 */
public final class SinkAttributes {

    private final SinkStatus status;
    private final SinkStatus.Accounting accounting; // null if the sink keeps none

    SinkAttributes(SinkStatus status) {
        this.status = status;
        this.accounting = status.accounting().orElse(null);
    }

    public String getName() {
        return status.name();
    }

    public String getHealth() {
        return status.health().name();
    }

    public String getDetail() {
        return status.detail();
    }

    public long getAccepted() {
        return accounting == null ? -1 : accounting.accepted();
    }

    public long getRecovered() {
        return accounting == null ? -1 : accounting.recovered();
    }

    public long getDelivered() {
        return accounting == null ? -1 : accounting.delivered();
    }

    public long getDropped() {
        return accounting == null ? -1 : accounting.droppedTotal();
    }

    public Map<String, Long> getDroppedByReason() {
        return accounting == null ? Map.of() : accounting.dropped();
    }

    public long getPending() {
        return accounting == null ? -1 : accounting.pending();
    }

    public boolean isBalanced() {
        return accounting != null && accounting.balanced();
    }

    public Map<String, Long> getCounters() {
        return status.counters();
    }
}
