package org.openjarvis.analytics.impl.health;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.openjarvis.analytics.api.AnalyticsService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Felix Health Check of the analytics sinks ({@link SinkHealth}), tagged {@value #TAG}. Disabled until
 * {@code OptionalIntegrations} finds the Health Check API wired.
 */
@Component(enabled = false, property = {
    HealthCheck.NAME + "=OpenJarvis analytics sinks",
    HealthCheck.TAGS + "=" + SinkHealthCheck.TAG})
public final class SinkHealthCheck implements HealthCheck {

    static final String TAG = "openjarvis-analytics";

    private final AnalyticsService analytics;

    @Activate
    public SinkHealthCheck(@Reference AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Override
    public Result execute() {
        return SinkHealth.of(analytics.status());
    }
}
