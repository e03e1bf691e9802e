package org.openjarvis.analytics.impl.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.CaptureResult;

/** An {@link AnalyticsService} that records captures, for testing the components that call it. */
public class FakeAnalyticsService implements AnalyticsService {

    /** One recorded capture. */
    public record Capture(String event, Map<String, Object> properties) {
    }

    private final List<Capture> captures = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<Capture> captures() {
        return List.copyOf(captures);
    }

    @Override
    public CaptureResult capture(String eventName, Map<String, ?> properties) {
        captures.add(new Capture(eventName, new LinkedHashMap<>(properties == null ? Map.of() : properties)));
        return enabled ? CaptureResult.ACCEPTED : CaptureResult.DISABLED;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public Optional<String> disabledReason() {
        return enabled ? Optional.empty() : Optional.of("configuration enabled=false");
    }

    @Override
    public Optional<String> anonymousId() {
        return enabled ? Optional.of("0123456789abcdef-anon") : Optional.empty();
    }

    @Override
    public Optional<String> resetAnonymousId() {
        return anonymousId();
    }

    @Override
    public boolean flush(Duration timeout) {
        return true;
    }

    @Override
    public boolean admits(AnalyticsEvent event) {
        return enabled && event != null;
    }

    @Override
    public AnalyticsStatus status() {
        return AnalyticsStatus.of(enabled, disabledReason().orElse(null), anonymousId().orElse(null), Map.of(),
                List.of());
    }
}
