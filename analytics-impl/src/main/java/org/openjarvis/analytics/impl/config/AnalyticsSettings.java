package org.openjarvis.analytics.impl.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openjarvis.analytics.common.config.ConfigReader;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;

/**
 * The checked form of the configuration {@value #PID}, parsed once by the service and shared with the bridge and the
 * session aggregator.
 *
 * <p>Parsing never fails. {@code enabled} is read first and on its own, so an opt-out takes effect whatever else is
 * wrong; a value that is not a boolean means off. Likewise a bad {@code privacy.screen} means strict. Every other
 * bad value keeps its previous setting (the default at start), and each is reported as one line naming the PID and
 * the property.
 *
 * @param enabled the configured consent; false also when {@code enabled} is not a boolean
 * @param enabledValid false when {@code enabled} was given but is not a boolean
 * @param home the configured home; blank means the framework property or the environment decides
 * @param privacyScreen what is checked beyond the reference's redaction and validation
 */
public record AnalyticsSettings(boolean enabled, boolean enabledValid, String home, String platform,
        PrivacyScreen privacyScreen, long sessionIdleTimeoutSeconds, long sessionTickSeconds, int backlogCapacity,
        long backlogMaxBytes, Duration shutdownTimeout) {

    /** The configuration PID. */
    public static final String PID = "org.openjarvis.analytics";

    // Ranges, shared with the metatype (AnalyticsConfiguration).
    static final long MAX_IDLE_TIMEOUT_SECONDS = 86_400;
    static final long MAX_TICK_SECONDS = 3_600;
    static final int MAX_BACKLOG_CAPACITY = 1_000_000;
    static final long MIN_BACKLOG_BYTES = 1024;
    static final long MAX_BACKLOG_BYTES = 1L << 30;
    static final long MAX_SHUTDOWN_TIMEOUT_MS = 600_000;

    /** The settings with no configuration at all. */
    public static final AnalyticsSettings DEFAULTS = new AnalyticsSettings(true, true, "", "cli",
            PrivacyScreen.STRICT, 300, 30, 100_000,
            64L * 1024 * 1024, Duration.ofMillis(5_000));

    /**
     * The settings, and one line per value that could not be used.
     *
     * @param problems each names the PID, the property, the reason and the value kept instead
     */
    public record Parsed(AnalyticsSettings settings, List<String> problems) {
    }

    /** These settings with another configured home. */
    public AnalyticsSettings withHome(String otherHome) {
        return new AnalyticsSettings(enabled, enabledValid, otherHome, platform, privacyScreen,
                sessionIdleTimeoutSeconds, sessionTickSeconds, backlogCapacity, backlogMaxBytes, shutdownTimeout);
    }

    /**
     * @param properties the configuration's properties (null: none)
     * @param previous what is kept where a value cannot be used
     */
    public static Parsed parse(Map<String, ?> properties, AnalyticsSettings previous) {
        ConfigReader reader = new ConfigReader(PID, properties);
        boolean enabled = reader.bool("enabled", true, false);
        boolean enabledValid = reader.problems().isEmpty();
        String home = reader.text("home", "", previous.home());
        String platform = reader.text("platform", DEFAULTS.platform(), previous.platform());
        if (!EventCatalogue.PLATFORM_VALUES.contains(platform)) {
            reader.problem("platform", "must be one of " + EventCatalogue.PLATFORM_VALUES + "; keeping "
                    + previous.platform());
            platform = previous.platform();
        }
        // Like enabled, and unlike the other settings, a bad value falls back to the private choice, not the last.
        String screenName = reader.text("privacy.screen", PrivacyScreen.STRICT.settingValue(), null);
        PrivacyScreen screen = screenName == null ? PrivacyScreen.STRICT
                : PrivacyScreen.named(screenName).orElse(null);
        if (screen == null) {
            reader.problem("privacy.screen", "must be strict or reference; using strict");
            screen = PrivacyScreen.STRICT;
        }
        AnalyticsSettings settings = new AnalyticsSettings(enabled, enabledValid, home, platform, screen,
                reader.number("session.idle.timeout.seconds", 1, MAX_IDLE_TIMEOUT_SECONDS,
                        DEFAULTS.sessionIdleTimeoutSeconds(), previous.sessionIdleTimeoutSeconds()),
                reader.number("session.tick.seconds", 1, MAX_TICK_SECONDS, DEFAULTS.sessionTickSeconds(),
                        previous.sessionTickSeconds()),
                reader.integer("backlog.capacity", 1, MAX_BACKLOG_CAPACITY, DEFAULTS.backlogCapacity(),
                        previous.backlogCapacity()),
                reader.number("backlog.max.bytes", MIN_BACKLOG_BYTES, MAX_BACKLOG_BYTES, DEFAULTS.backlogMaxBytes(),
                        previous.backlogMaxBytes()),
                Duration.ofMillis(reader.number("shutdown.timeout.ms", 0, MAX_SHUTDOWN_TIMEOUT_MS,
                        DEFAULTS.shutdownTimeout().toMillis(), previous.shutdownTimeout().toMillis())));
        return new Parsed(settings, reader.problems());
    }
}
