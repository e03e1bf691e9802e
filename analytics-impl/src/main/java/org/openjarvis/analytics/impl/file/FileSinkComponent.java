package org.openjarvis.analytics.impl.file;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus.Health;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The local file sink as a DS component: the embedded default, active without any configuration.
 *
 * <p>SCR merges two PIDs into its properties: {@value AnalyticsSettings#PID} gives {@code home}, {@value #PID}
 * (described by {@link FileSinkConfiguration}) gives {@code path} and the rotation settings. The sink is replaced
 * only when its {@link FileSinkSettings} change: the old {@link FileSink} is unregistered (the dispatcher hands it
 * what it queued), flushed and closed, and a new one is registered; any other change of {@value AnalyticsSettings#PID}
 * leaves the same sink bound, with its counters. It registers the sink itself ({@code service = {}}) so that a change
 * can replace the registration without deactivating the component.
 *
 * <p>The raw properties are read, so a value of the wrong type is a logged error, never a failed activation: a bad
 * value keeps its previous setting (the default at start). Until a usable path is known, no sink is registered.
 */
@Component(service = {}, configurationPid = {AnalyticsSettings.PID, FileSinkComponent.PID},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class FileSinkComponent {

    /** Configuration PID of the file sink. */
    public static final String PID = "org.openjarvis.analytics.file";

    private static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    private final BundleContext context;
    private final Logger logger;
    private final OpenJarvisHome homes;
    private FileSinkSettings settings; // guarded by this; null while no usable configuration arrived
    private FileSink sink; // guarded by this
    private ServiceRegistration<AnalyticsSink> registration; // guarded by this; null while none is registered

    @Activate
    public FileSinkComponent(Map<String, Object> properties, BundleContext context,
            @Reference(name = "logger", service = LoggerFactory.class) Logger logger) {
        this(properties, context, logger, OpenJarvisHome.ofFramework(context::getProperty));
    }

    FileSinkComponent(Map<String, ?> properties, BundleContext context, Logger logger, OpenJarvisHome homes) {
        this.context = context;
        this.logger = logger;
        this.homes = homes;
        apply(properties);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    synchronized void deactivate() {
        close();
    }

    private void apply(Map<String, ?> properties) {
        FileSinkSettings.Parsed parsed = FileSinkSettings.parse(properties, settings, homes);
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
