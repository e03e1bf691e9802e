package org.openjarvis.analytics.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.openjarvis.analytics.api.AnalyticsEvent;

/** Ours without the service: events handed straight to the PostHog sink (serialised once, then queued). */
public final class OpenJarvisSinkClient implements BenchClient {

    private final OpenJarvisWiring.PostHogSink posthog;

    public OpenJarvisSinkClient(String url) {
        posthog = OpenJarvisWiring.posthog(url);
    }

    @Override
    public void capture() {
        posthog.sink().deliver(AnalyticsEvent.of(UUID.randomUUID(), BenchEvent.ourName(), BenchEvent.DISTINCT_ID,
                Instant.now(), BenchEvent.ourProperties()));
    }

    @Override
    public void flush() {
        posthog.sink().flush(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        posthog.deactivate();
    }

}
