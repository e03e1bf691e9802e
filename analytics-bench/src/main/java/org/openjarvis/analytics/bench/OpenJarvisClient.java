package org.openjarvis.analytics.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.openjarvis.analytics.impl.service.AnalyticsServiceComponent;

/**
 * Ours, as an application uses it: {@code AnalyticsService.capture} (consent, redaction, validation, dispatch)
 * with the PostHog sink bound, both with their default settings. The local file sink is not bound, as it would
 * not be in a PostHog-only setup.
 */
public final class OpenJarvisClient implements BenchClient {

    private final AnalyticsServiceComponent service;
    private final OpenJarvisWiring.PostHogSink posthog;

    public OpenJarvisClient(String url) {
        try {
            Map<String, Object> properties = new HashMap<>(Map.of("home", Files.createTempDirectory(
                    "openjarvis-bench-home").toString(), "privacy.screen", OpenJarvisWiring.SCREEN));
            if (OpenJarvisWiring.QUEUE != null) {
                properties.putAll(Map.of("backlog.capacity", OpenJarvisWiring.QUEUE, "backlog.max.bytes", 1L << 30));
            }
            service = new AnalyticsServiceComponent(properties, OpenJarvisWiring.context(),
                    OpenJarvisWiring.silentLogger(), OpenJarvisWiring.catalogues());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        posthog = OpenJarvisWiring.posthog(url);
        OpenJarvisWiring.invoke(service, "bindSink", posthog.sink(), OpenJarvisWiring.properties("posthog~bench"));
        posthog.onUnregister().add(() -> OpenJarvisWiring.invoke(service, "unbindSink", posthog.sink()));
    }

    @Override
    public void capture() {
        service.capture(BenchEvent.ourName(), BenchEvent.ourProperties());
    }

    @Override
    public void flush() {
        service.flush(Duration.ofSeconds(60));
    }

    /** As a bundle stop would: the sink's component first, then the service's. */
    @Override
    public void close() {
        posthog.deactivate();
        OpenJarvisWiring.invoke(service, "deactivate");
    }

}
