package org.openjarvis.analytics.impl.file;

import java.time.Duration;
import java.util.Hashtable;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus.Health;
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
 * <p>Configuration comes from two PIDs, merged by SCR (the later one wins on a clash):
 * {@value #ANALYTICS_PID} provides {@code home}, {@value #PID} (described by {@link FileSinkConfiguration}) provides
 * {@code path} and the rotation settings. Most changes of {@value #ANALYTICS_PID} ({@code enabled}, the session
 * settings) do not concern the sink, so it is replaced only when its {@link FileSinkSettings} change: the old
 * {@link FileSink} is unregistered (the dispatcher hands it what it queued), flushed and closed, and a new one is
 * registered. Otherwise the same sink stays bound, with its counters.
 *
 * <p>The component registers the sink itself ({@code service = {}}) so that a change can replace the registration
 * without deactivating the component. The metatype for {@value #PID} is designated by {@link FileSinkConfiguration}
 * itself (its {@code pid}), since bnd allows {@code @Designate} only on components with exactly one configuration
 * PID.
 *
 * <p>Invalid configuration is logged as an error naming the PID and the property, and never fails activation: SCR
 * would not activate a component with a modified method again when its configuration is fixed. Until a valid
 * configuration arrives no sink is registered; once one is, an invalid change leaves it as it is.
 */
@Component(service = {}, configurationPid = {FileSinkComponent.ANALYTICS_PID, FileSinkComponent.PID},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class FileSinkComponent {

    /** Configuration PID of the file sink. */
    public static final String PID = "org.openjarvis.analytics.file";

    /** Configuration PID of the analytics service, read here for {@code home} only. */
    static final String ANALYTICS_PID = "org.openjarvis.analytics";

    private static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    /** The one property of {@value #ANALYTICS_PID} this component reads; not designated, no metatype of its own. */
    public @interface HomeProperty {
        /** The OpenJarvis home directory; empty means the framework property or the environment decides. */
        String home() default "";
    }

    private final BundleContext context;
    private final Logger logger;
    private final OpenJarvisHome homes;
    private FileSinkSettings settings; // guarded by this; null while no valid configuration arrived
    private FileSink sink; // guarded by this
    private ServiceRegistration<AnalyticsSink> registration; // guarded by this; null while none is registered

    @Activate
    public FileSinkComponent(FileSinkConfiguration config, HomeProperty home, BundleContext context,
            @Reference(name = "logger", service = LoggerFactory.class) Logger logger) {
        this(config, home.home(), context, logger, OpenJarvisHome.ofFramework(context::getProperty));
    }

    FileSinkComponent(FileSinkConfiguration config, String home, BundleContext context, Logger logger,
            OpenJarvisHome homes) {
        this.context = context;
        this.logger = logger;
        this.homes = homes;
        FileSinkSettings initial = check(config, home);
        if (initial != null) {
            open(initial);
        }
    }

    @Modified
    synchronized void modified(FileSinkConfiguration config, HomeProperty home) {
        FileSinkSettings next = check(config, home.home());
        if (next == null || next.equals(settings)) {
            return;
        }
        close();
        open(next);
    }

    @Deactivate
    synchronized void deactivate() {
        close();
    }

    /** The settings, or null (logged) if the configuration cannot be used. */
    private FileSinkSettings check(FileSinkConfiguration config, String home) {
        try {
            return FileSinkSettings.from(config, home, homes);
        } catch (IllegalArgumentException e) {
            logger.error("{}; the local event log {}", e.getMessage(), settings == null
                    ? "is off until the configuration is fixed" : "keeps its previous settings");
            return null;
        }
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
