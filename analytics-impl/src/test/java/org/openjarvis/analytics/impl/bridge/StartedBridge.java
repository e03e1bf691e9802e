package org.openjarvis.analytics.impl.bridge;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.session.SessionRecorder;
import org.osgi.service.log.Logger;

/** The EventAdmin bridge started and stopped as SCR would, for tests in other packages and modules. */
public final class StartedBridge {

    private final EventAdminBridgeComponent component;

    private StartedBridge(EventAdminBridgeComponent component) {
        this.component = component;
    }

    public static StartedBridge start(AnalyticsService analytics, SessionRecorder sessions,
            AnalyticsSettingsSource source, Logger logger, OpenJarvisHome homes) {
        return new StartedBridge(new EventAdminBridgeComponent(analytics, sessions, source, logger, homes,
                Thread::new));
    }

    /** The handler, the bridge control and the settings listener. */
    public EventAdminBridgeComponent component() {
        return component;
    }

    public void deactivate() {
        component.deactivate();
    }
}
