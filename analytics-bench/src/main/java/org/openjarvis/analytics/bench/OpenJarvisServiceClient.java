package org.openjarvis.analytics.bench;

/**
 * The service path alone: {@code AnalyticsService.capture} (consent, redaction, validation, the strict screen) into
 * the dispatcher's per-sink queue, whose worker hands each event to a sink that discards it. Without a sender
 * competing for the 2 cores, this is what the caller pays between its call and the queue.
 */
public final class OpenJarvisServiceClient extends OpenJarvisClient {

    public OpenJarvisServiceClient(String url) {
        super(event -> { }, "discarding");
    }
}
