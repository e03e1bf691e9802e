package org.openjarvis.analytics.impl.service;

import java.time.Clock;
import java.util.Map;

import org.openjarvis.analytics.impl.testing.OpenJarvisCatalogues;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.osgi.service.log.Logger;

/** The service component started and driven as SCR would, for tests in other packages and modules. */
public final class StartedService {

    private final AnalyticsServiceComponent component;

    private StartedService(AnalyticsServiceComponent component) {
        this.component = component;
    }

    public static StartedService start(Map<String, ?> properties, Logger logger, Map<String, String> environment,
            OpenJarvisHome homes) {
        return new StartedService(new AnalyticsServiceComponent(properties, logger, environment, homes,
                Clock.systemUTC(), OpenJarvisCatalogues.registry()));
    }

    public AnalyticsServiceComponent component() {
        return component;
    }

    public void configure(Map<String, Object> properties) {
        component.modified(properties);
    }

    public void bind(AnalyticsSink sink, String name) {
        component.bindSink(sink, Map.of(AnalyticsSink.NAME_PROPERTY, name));
    }

    public void unbind(AnalyticsSink sink) {
        component.unbindSink(sink);
    }

    public void deactivate() {
        component.deactivate();
    }
}
