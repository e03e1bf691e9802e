package org.openjarvis.analytics.impl.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.SinkStatus;

class StatusAttributesTest {

    private static final String ID = "0123456789abcdef-anon";

    @Test
    void attributesAreTheStatusWithTheIdMaskedAndTheWorstHealth() {
        SinkStatus file = SinkStatus.of("file", SinkStatus.Health.OK, "", Map.of("written", 3L),
                new SinkStatus.Accounting(3, 0, 3, Map.of("overflow", 0L), 0));
        SinkStatus posthog = SinkStatus.of("posthog~cloud", SinkStatus.Health.FAILING, "HTTP 401", Map.of(),
                new SinkStatus.Accounting(5, 1, 2, Map.of("overflow", 1L), 3));
        StatusAttributes attributes = new StatusAttributes(AnalyticsStatus.of(true, null, ID, Map.of("captured", 8L),
                List.of(file, posthog)), Map.of("bus_events_processed", 4L));

        assertThat(attributes.isEnabled()).isTrue();
        assertThat(attributes.getDisabledReason()).isEmpty();
        assertThat(attributes.getAnonymousId()).isEqualTo("01234567\u2026");
        assertThat(attributes.getHealth()).isEqualTo("FAILING");
        assertThat(attributes.getCounters()).containsExactly(Map.entry("captured", 8L));
        assertThat(attributes.getBridgeCounters()).containsExactly(Map.entry("bus_events_processed", 4L));
        assertThat(attributes.getSinks()).hasSize(2);
        SinkAttributes failing = attributes.getSinks().get(1);
        assertThat(failing.getName()).isEqualTo("posthog~cloud");
        assertThat(failing.getHealth()).isEqualTo("FAILING");
        assertThat(failing.getDetail()).isEqualTo("HTTP 401");
        assertThat(List.of(failing.getAccepted(), failing.getRecovered(), failing.getDelivered(),
                failing.getDropped(), failing.getPending())).containsExactly(5L, 1L, 2L, 1L, 3L);
        assertThat(failing.getDroppedByReason()).containsExactly(Map.entry("overflow", 1L));
        assertThat(failing.isBalanced()).isTrue();
        assertThat(attributes.getSinks().get(0).getCounters()).containsExactly(Map.entry("written", 3L));
    }

    @Test
    void offWithoutSinksIsHealthyAndSaysWhy() {
        StatusAttributes attributes = new StatusAttributes(AnalyticsStatus.of(false, "user opt-out", null, Map.of(),
                List.of(SinkStatus.healthy("custom"))), Map.of());

        assertThat(attributes.isEnabled()).isFalse();
        assertThat(attributes.getDisabledReason()).isEqualTo("user opt-out");
        assertThat(attributes.getAnonymousId()).isEmpty();
        assertThat(attributes.getHealth()).isEqualTo("OK");
        SinkAttributes unaccounted = attributes.getSinks().get(0);
        assertThat(List.of(unaccounted.getAccepted(), unaccounted.getDelivered(), unaccounted.getPending()))
                .containsOnly(-1L);
        assertThat(unaccounted.isBalanced()).isFalse();
        assertThat(new StatusAttributes(AnalyticsStatus.of(true, null, ID, Map.of(), List.of()), Map.of())
                .getHealth()).isEqualTo("OK");
    }
}
