package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.CaptureResult;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Stopping the implementation bundle loses no accepted event; starting it again brings analytics back. */
class BundleRestartIT extends AnalyticsTestSupport {

    private static final int EVENTS = 200;

    @Test
    void stoppingTheImplementationHandsEveryAcceptedEventToTheSinks() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        Bundle impl = implementationBundle();
        int accepted = 0;
        for (int i = 0; i < EVENTS; i++) {
            if (analytics().capture("feature_used", Map.of("feature_name", "chat")) == CaptureResult.ACCEPTED) {
                accepted++;
            }
        }

        impl.stop();
        try {
            assertThat(accepted).isEqualTo(EVENTS);
            assertThat(sink.events()).hasSize(EVENTS);
            assertThat(context.getServiceReference(AnalyticsService.class)).isNull();
        } finally {
            impl.start(); // whatever happened, the tests after this one need the bundle back
        }
        await(() -> {
            ServiceReference<AnalyticsService> reference = context.getServiceReference(AnalyticsService.class);
            return reference != null && context.getService(reference).isEnabled();
        }, "the analytics service to come back");
        assertThat(analytics().capture("feature_used", Map.of("feature_name", "voice")))
                .isEqualTo(CaptureResult.ACCEPTED);
        await(() -> sink.events().size() == EVENTS + 1, "the event captured after the restart");
    }
}
