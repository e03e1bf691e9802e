package org.openjarvis.analytics.impl.health;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.Result;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.SinkStatus;

/**
 * A health check result from a status: one entry per sink, OK for a healthy sink, WARN for a DEGRADED one and
 * CRITICAL for a FAILING one, each naming the sink and its reason; the result is the worst of them. Analytics being
 * off, or no sink being bound, is reported but is not a fault.
 */
final class SinkHealth {

    private SinkHealth() {
    }

    static Result of(AnalyticsStatus status) {
        FormattingResultLog log = new FormattingResultLog();
        if (!status.enabled()) {
            log.info("Analytics is off ({}): nothing is captured", status.disabledReason().orElse("unknown reason"));
        }
        if (status.sinks().isEmpty()) {
            log.info("No sink is bound: accepted events wait in the backlog");
        }
        for (SinkStatus sink : status.sinks()) {
            String reason = sink.detail().isEmpty() ? "no reason given" : sink.detail();
            switch (sink.health()) {
                case FAILING:
                    log.critical("Sink {} is FAILING: {}", sink.name(), reason);
                    break;
                case DEGRADED:
                    log.warn("Sink {} is DEGRADED: {}", sink.name(), reason);
                    break;
                default:
                    log.info("Sink {} is OK", sink.name());
            }
        }
        return new Result(log);
    }
}
