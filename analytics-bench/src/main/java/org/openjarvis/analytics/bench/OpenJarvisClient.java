package org.openjarvis.analytics.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.impl.service.AnalyticsServiceComponent;

/**
 * Ours, as an application uses it: {@code AnalyticsService.capture} (consent, redaction, validation, dispatch)
 * with the PostHog sink bound, both with their default settings. The local file sink is not bound, as it would
 * not be in a PostHog-only setup.
 */
public class OpenJarvisClient implements BenchClient {

    private final AnalyticsServiceComponent service = newService();
    private final Runnable stopSink;

    public OpenJarvisClient(String url) {
        this(OpenJarvisWiring.posthog(url));
    }

    private OpenJarvisClient(OpenJarvisWiring.PostHogSink posthog) {
        bind(posthog.sink(), "posthog~bench");
        posthog.onUnregister().add(() -> unbind(posthog.sink()));
        stopSink = posthog::deactivate; // as a bundle stop would: the sink's component first, then the service's
    }

    /** The service with {@code sink} bound as {@code name}, unbound on close. */
    OpenJarvisClient(AnalyticsSink sink, String name) {
        bind(sink, name);
        stopSink = () -> unbind(sink);
    }

    private void bind(AnalyticsSink sink, String name) {
        OpenJarvisWiring.invoke(service, "bindSink", sink, OpenJarvisWiring.properties(name));
    }

    private void unbind(AnalyticsSink sink) {
        OpenJarvisWiring.invoke(service, "unbindSink", sink);
    }

    private static AnalyticsServiceComponent newService() {
        try {
            Map<String, Object> properties = new HashMap<>(Map.of("home", Files.createTempDirectory(
                    "openjarvis-bench-home").toString(), "privacy.screen", OpenJarvisWiring.SCREEN));
            if (OpenJarvisWiring.QUEUE != null) {
                properties.putAll(Map.of("backlog.capacity", OpenJarvisWiring.QUEUE, "backlog.max.bytes", 1L << 30));
            }
            return new AnalyticsServiceComponent(properties, OpenJarvisWiring.context(),
                    OpenJarvisWiring.silentLogger(), OpenJarvisWiring.catalogues());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void capture() {
        service.capture(BenchEvent.ourName(), BenchEvent.ourProperties());
    }

    @Override
    public void flush() {
        service.flush(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        stopSink.run();
        OpenJarvisWiring.invoke(service, "deactivate");
    }
}
