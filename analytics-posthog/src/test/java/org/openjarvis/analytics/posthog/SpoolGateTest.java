package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsService;

class SpoolGateTest {

    private static final AnalyticsEvent EVENT = AnalyticsEvent.of(UUID.randomUUID(), "feature_used", "anon",
            Instant.EPOCH, Map.of());

    @Test
    void theServiceDecidesWhileAnalyticsIsOnAndNothingIsJudgedWithoutItOrWhileItIsOff() {
        assertThat(SpoolGate.of(() -> null).admit(EVENT)).isEqualTo(SpoolGate.Admission.WAIT);
        assertThat(SpoolGate.of(() -> service(List.of(false), true)).admit(EVENT))
                .isEqualTo(SpoolGate.Admission.WAIT);
        assertThat(SpoolGate.of(() -> service(List.of(true), true)).admit(EVENT)).isEqualTo(SpoolGate.Admission.SEND);
        assertThat(SpoolGate.of(() -> service(List.of(true, true), false)).admit(EVENT))
                .isEqualTo(SpoolGate.Admission.REJECT);
    }

    @Test
    void anEventRefusedBecauseAnalyticsWasTurnedOffMeanwhileIsNotRejected() {
        assertThat(SpoolGate.of(() -> service(List.of(true, false), false)).admit(EVENT))
                .isEqualTo(SpoolGate.Admission.WAIT);
    }

    // isEnabled answers from the list in turn; admits always the same.
    private static AnalyticsService service(List<Boolean> enabled, boolean admits) {
        Iterator<Boolean> answers = enabled.iterator();
        return (AnalyticsService) Proxy.newProxyInstance(SpoolGateTest.class.getClassLoader(),
                new Class<?>[] {AnalyticsService.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "isEnabled":
                            return answers.next();
                        case "admits":
                            return admits;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
