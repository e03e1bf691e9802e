package org.openjarvis.analytics.impl.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.openjarvis.analytics.api.AnalyticsEvent;

/**
 * The last events queued for a sink, for {@code analytics:tail}: the dispatcher reports each one that a sink's queue
 * took (the backlog's when the first sink is bound). Bounded; the oldest is forgotten first.
 */
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
