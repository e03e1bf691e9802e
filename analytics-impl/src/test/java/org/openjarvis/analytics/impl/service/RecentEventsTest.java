package org.openjarvis.analytics.impl.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;

class RecentEventsTest {

    private final RecentEvents recent = new RecentEvents();

    @Test
    void theLastEventsComeOldestFirstAndTheOldestIsForgottenFirst() {
        assertThat(recent.last(5)).isEmpty();
        List<AnalyticsEvent> added = new ArrayList<>();
        for (int i = 0; i < RecentEvents.CAPACITY + 10; i++) {
            added.add(event(i));
            recent.add(added.get(i));
        }

        assertThat(recent.last(3)).containsExactlyElementsOf(added.subList(added.size() - 3, added.size()));
        assertThat(recent.last(1_000)).as("the last %d, oldest first", RecentEvents.CAPACITY)
                .containsExactlyElementsOf(added.subList(added.size() - RecentEvents.CAPACITY, added.size()));
    }

    private static AnalyticsEvent event(int i) {
        return AnalyticsEvent.of(UUID.randomUUID(), "feature_used", "anon", Instant.EPOCH, Map.of("n", (long) i));
    }
}
