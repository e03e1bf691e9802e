package org.openjarvis.analytics.impl.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;

/** The service's settings and consent decision, set by a test, with the same subscription contract. */
public final class FakeSettingsSource implements AnalyticsSettingsSource {

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private AnalyticsSettings settings = AnalyticsSettings.DEFAULTS;
    private boolean consented = true;

    /** A source whose consent is off from the start. */
    public static FakeSettingsSource withoutConsent() {
        FakeSettingsSource source = new FakeSettingsSource();
        source.consented = false;
        return source;
    }

    @Override
    public synchronized void subscribe(Listener listener) {
        listeners.add(listener);
        listener.settingsChanged(settings);
        if (!consented) {
            listener.consentWithdrawn();
        }
    }

    @Override
    public synchronized void unsubscribe(Listener listener) {
        listeners.remove(listener);
    }

    /** As the service does: every listener drains, then every listener reports what it holds open. */
    @Override
    public void handOver(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        listeners.forEach(listener -> listener.drainQueued(deadline));
        listeners.forEach(Listener::reportOpen);
    }

    /** New settings parsed from {@code properties}, told to every listener. */
    public synchronized void change(Map<String, Object> properties) {
        settings = AnalyticsSettings.parse(properties, settings).settings();
        listeners.forEach(listener -> listener.settingsChanged(settings));
    }

    public synchronized void withdraw() {
        consented = false;
        listeners.forEach(Listener::consentWithdrawn);
    }

    public synchronized void grant() {
        consented = true;
        listeners.forEach(Listener::consentGranted);
    }

    /** How many listeners are subscribed now. */
    public int listeners() {
        return listeners.size();
    }
}
