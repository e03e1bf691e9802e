package org.openjarvis.analytics.impl.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.openjarvis.analytics.api.AnalyticsEvent;

/** The last events handed to sinks, for {@code analytics:tail}. Bounded; the oldest is forgotten first. */
final class RecentEvents {
    static final int CAPACITY = 100;

    private final ArrayDeque<AnalyticsEvent> events = new ArrayDeque<>(CAPACITY);

    synchronized void add(AnalyticsEvent event) {
        if (events.size() == CAPACITY) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /** Up to {@code max} most recent events, oldest first. */
    synchronized List<AnalyticsEvent> last(int max) {
        List<AnalyticsEvent> all = new ArrayList<>(events);
        return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
    }
}
