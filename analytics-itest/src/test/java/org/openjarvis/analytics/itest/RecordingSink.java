package org.openjarvis.analytics.itest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;

/** A whiteboard sink registered by a test, remembering every event it receives. */
class RecordingSink implements AnalyticsSink {
    private final List<AnalyticsEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(AnalyticsEvent event) {
        events.add(event);
    }

    List<AnalyticsEvent> events() {
        return List.copyOf(events);
    }

    void clear() {
        events.clear();
    }

    List<String> names() {
        return events.stream().map(AnalyticsEvent::name).toList();
    }
}
