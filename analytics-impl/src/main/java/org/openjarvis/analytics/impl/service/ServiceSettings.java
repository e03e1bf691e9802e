package org.openjarvis.analytics.impl.service;

import java.time.Duration;

import org.openjarvis.analytics.impl.dispatch.Limits;

/** The checked form of {@link AnalyticsConfiguration}. A bad value is an error naming the PID and property. */
record ServiceSettings(boolean enabled, String home, Limits limits, Duration shutdownTimeout) {

    static ServiceSettings from(AnalyticsConfiguration config) {
        int capacity = (int) checkRange("backlog.capacity", config.backlog_capacity(), 1, 1_000_000);
        long maxBytes = checkRange("backlog.max.bytes", config.backlog_max_bytes(), 1024, 1L << 30);
        long shutdownMillis = checkRange("shutdown.timeout.ms", config.shutdown_timeout_ms(), 0, 600_000);
        return new ServiceSettings(config.enabled(), config.home() == null ? "" : config.home(),
                new Limits(capacity, maxBytes), Duration.ofMillis(shutdownMillis));
    }

    private static long checkRange(String property, long value, long min, long max) {
        return ConfigurationCheck.inRange(AnalyticsServiceComponent.PID, property, value, min, max);
    }
}
