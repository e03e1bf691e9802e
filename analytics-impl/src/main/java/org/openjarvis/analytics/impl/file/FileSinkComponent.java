package org.openjarvis.analytics.impl.file;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus.Health;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The local file sink as a DS component: the embedded default, active without any configuration.
 *
 * <p>Its own configuration is {@value #PID} (described by {@link FileSinkConfiguration}): {@code path} and the
 * rotation settings. The home that places the default path comes from the service's settings
 * ({@link AnalyticsSettingsSource}), never from reading {@value AnalyticsSettings#PID}. The sink is replaced only
 * when its {@link FileSinkSettings} change: the old {@link FileSink} is unregistered (the dispatcher hands it what it
 * queued), flushed and closed, and a new one is registered; any other change leaves the same sink bound, with its
 * counters. It registers the sink itself ({@code service = {}}) so that a change can replace the registration
 * without deactivating the component.
 *
 * <p>The raw properties are read, so a value of the wrong type is a logged error, never a failed activation: a bad
 * value keeps its previous setting (the default at start). Until a usable path is known, no sink is registered.
 */
@Component(name = FileSinkComponent.PID, service = {}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FileSinkConfiguration.class)
public final class FileSinkComponent implements AnalyticsSettingsSource.Listener {

    /** Configuration PID of the file sink, and its component name. */
    public static final String PID = "org.openjarvis.analytics.file";

    private static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<Integer> HAND_OVER_REASONS = Set.of(ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED,
            ComponentConstants.DEACTIVATION_REASON_REFERENCE, ComponentConstants.DEACTIVATION_REASON_DISPOSED);

    private final BundleContext context;
    private final Logger logger;
    private final OpenJarvisHome homes;
    private final AnalyticsSettingsSource source;
    private Map<String, ?> properties; // guarded by this
    private String home; // guarded by this; null until the source told the first settings
    private volatile Duration shutdownTimeout = AnalyticsSettings.DEFAULTS.shutdownTimeout();
    private FileSinkSettings settings; // guarded by this; null while no usable configuration arrived
    private FileSink sink; // guarded by this
    private ServiceRegistration<AnalyticsSink> registration; // guarded by this; null while none is registered

    @Activate
    public FileSinkComponent(Map<String, Object> properties, @Reference AnalyticsSettingsSource source,
            BundleContext context, @Reference(name = "logger", service = LoggerFactory.class) Logger logger) {
        this(properties, source, context, logger, OpenJarvisHome.ofFramework(context::getProperty));
    }

    FileSinkComponent(Map<String, ?> properties, AnalyticsSettingsSource source, BundleContext context,
            Logger logger, OpenJarvisHome homes) {
        this.context = context;
        this.logger = logger;
        this.homes = homes;
        this.source = source;
        this.properties = properties;
        source.subscribe(this); // tells the current settings at once, which opens the sink
    }

    @Modified
    synchronized void modified(Map<String, Object> changed) {
        properties = changed;
        apply();
    }

    // Called under the service's lock (capture never takes it), so a home change hands the old sink what the
    // dispatcher queued for it while that lock is held.
    @Override
    public synchronized void settingsChanged(AnalyticsSettings updated) {
        home = updated.home();
        shutdownTimeout = updated.shutdownTimeout();
        apply();
    }

    // The dispatcher's channel discards what it holds for this sink; the sink itself keeps nothing back.
    @Override
    public void consentWithdrawn() {
    }

    @Override
    public void consentGranted() {
    }

    /**
     * Unless only this component is disabled, first has the service hand over (see the {@code session} package), so
     * that what the bridge queued and the open sessions still reach this sink.
     */
    @Deactivate
    void deactivate(int reason) {
        source.unsubscribe(this); // outside this lock: a change holds the service's lock while it waits for this one
        if (HAND_OVER_REASONS.contains(reason)) {
            source.handOver(shutdownTimeout);
        }
        synchronized (this) {
            close();
        }
    }

    private void apply() {
        FileSinkSettings.Parsed parsed = FileSinkSettings.parse(properties, settings, home, homes);
        parsed.problems().forEach(logger::error);
        FileSinkSettings next = parsed.settings();
        if (next == null || next.equals(settings)) {
            return;
        }
        close();
        open(next);
    }

    private void open(FileSinkSettings next) {
        FileSink opened = new FileSink(next.path(), next.maxBytes(), next.keep(), this::stateChanged);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(AnalyticsSink.NAME_PROPERTY, "file");
        registration = context.registerService(AnalyticsSink.class, opened, properties);
        sink = opened;
        settings = next;
        logger.info("Analytics events are written to {} (rotated at {} bytes, {} old files kept)", next.path(),
                next.maxBytes(), next.keep());
    }

    private void close() {
        if (registration == null) {
            return;
        }
        registration.unregister(); // first, so the dispatcher hands over what it queued for this sink
        registration = null;
        sink.flush(CLOSE_FLUSH_TIMEOUT);
        sink.close();
    }

    // Called by the sink on a change of health only, so an outage is logged once, not once per event.
    private void stateChanged(Health health, String detail) {
        if (health == Health.OK) {
            logger.info("Analytics event log recovered: writing to {} again", detail);
        } else {
            logger.warn("Analytics event log is failing, events are not written until it recovers: {}", detail);
        }
    }
}
