package org.openjarvis.analytics.impl.session;

import java.time.Duration;

import org.openjarvis.analytics.impl.service.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.service.AnalyticsServiceComponent;
import org.openjarvis.analytics.impl.service.ConfigurationCheck;

/** The checked part of {@link AnalyticsConfiguration} that the session aggregator uses. */
public record SessionSettings(double idleTimeoutSeconds, long tickSeconds, Duration shutdownTimeout) {

    public static SessionSettings from(AnalyticsConfiguration config) {
        String pid = AnalyticsServiceComponent.PID;
        return new SessionSettings(
                ConfigurationCheck.inRange(pid, "session.idle.timeout.seconds", config.session_idle_timeout_seconds(),
                        1, 86_400),
                ConfigurationCheck.inRange(pid, "session.tick.seconds", config.session_tick_seconds(), 1, 3_600),
                Duration.ofMillis(ConfigurationCheck.inRange(pid, "shutdown.timeout.ms",
                        config.shutdown_timeout_ms(), 0, 600_000)));
    }
}
