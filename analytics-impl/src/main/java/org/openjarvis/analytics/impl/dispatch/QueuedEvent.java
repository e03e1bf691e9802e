package org.openjarvis.analytics.impl.dispatch;

import org.openjarvis.analytics.api.AnalyticsEvent;

/** An event with its estimated serialised size, so that queues can be bounded by bytes as well as by count. */
record QueuedEvent(AnalyticsEvent event, long bytes) {
}
