package org.openjarvis.analytics.impl.bridge;

import java.nio.file.Path;
import java.time.Duration;

import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;

/**
 * The part of {@link AnalyticsSettings} that the bridge uses.
 *
 * @param firstChatFlag null while no home can be resolved (analytics cannot run then, so nothing is sent)
 */
record BridgeSettings(Path firstChatFlag, String platform, int queueCapacity, long queueMaxBytes,
        Duration shutdownTimeout) {

    static BridgeSettings from(AnalyticsSettings settings, OpenJarvisHome homes) {
        Path flag;
        try {
            flag = homes.resolve(settings.home()).resolve("first_chat_sent");
        } catch (IllegalArgumentException e) {
            flag = null; // the service reports the unusable home
        }
        return new BridgeSettings(flag, settings.platform(), settings.backlogCapacity(), settings.backlogMaxBytes(),
                settings.shutdownTimeout());
    }
}
