package org.openjarvis.analytics.impl.bridge;

import java.util.Map;

import org.openjarvis.analytics.api.CaptureResult;

/** Where the bridge sends catalogue events: {@code AnalyticsService.capture} in the running component. */
@FunctionalInterface
public interface EventCapturer {
    CaptureResult capture(String eventName, Map<String, Object> properties);
}
