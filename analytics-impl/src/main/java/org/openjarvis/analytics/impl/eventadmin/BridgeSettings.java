package org.openjarvis.analytics.impl.eventadmin;

import java.nio.file.Path;
import java.time.Duration;

import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.service.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.service.AnalyticsServiceComponent;
import org.openjarvis.analytics.impl.service.ConfigurationCheck;

/** The checked part of {@link AnalyticsConfiguration} that the bridge uses. */
record BridgeSettings(Path firstChatFlag, String platform, int queueCapacity, long queueMaxBytes,
        Duration shutdownTimeout) {

    static BridgeSettings from(AnalyticsConfiguration config, OpenJarvisHome homes) {
        String pid = AnalyticsServiceComponent.PID;
        if (!EventCatalogue.PLATFORM_VALUES.contains(config.platform())) {
            throw new IllegalArgumentException("Configuration " + pid + ": platform must be one of "
                    + EventCatalogue.PLATFORM_VALUES + ", got " + config.platform());
        }
        return new BridgeSettings(
                homes.resolve(config.home()).resolve("first_chat_sent"),
                config.platform(),
                (int) ConfigurationCheck.inRange(pid, "backlog.capacity", config.backlog_capacity(), 1, 1_000_000),
                ConfigurationCheck.inRange(pid, "backlog.max.bytes", config.backlog_max_bytes(), 1024, 1L << 30),
                Duration.ofMillis(ConfigurationCheck.inRange(pid, "shutdown.timeout.ms",
                        config.shutdown_timeout_ms(), 0, 600_000)));
    }
}
