package org.openjarvis.analytics.impl.session;

import java.util.function.DoubleSupplier;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.osgi.service.log.Logger;

/** The session aggregator component started and stopped as SCR would, for tests in other packages and modules. */
public final class StartedSessions {

    private final SessionAggregatorComponent component;

    private StartedSessions(SessionAggregatorComponent component) {
        this.component = component;
    }

    public static StartedSessions start(AnalyticsService analytics, AnalyticsSettingsSource source, Logger logger,
            DoubleSupplier clockSeconds) {
        return new StartedSessions(new SessionAggregatorComponent(analytics, source, logger, clockSeconds,
                Thread::new));
    }

    public SessionRecorder recorder() {
        return component;
    }

    public void deactivate() {
        component.deactivate();
    }
}
