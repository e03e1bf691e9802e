package org.openjarvis.analytics.impl.service;

import java.util.List;

import org.openjarvis.analytics.api.AnalyticsEvent;

/**
 * The last events handed to sinks, for {@code analytics:tail}. Registered as a service from this private package,
 * so only this bundle can see it.
 */
public interface EventHistory {

    /** Up to {@code max} of the most recent events, oldest first. */
    List<AnalyticsEvent> recentEvents(int max);
}
