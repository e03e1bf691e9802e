package org.openjarvis.analytics.impl.file;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.api.SinkStatus.Health;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The local file sink as a DS component: the embedded default, active without any configuration.
 *
 * <p>Configuration comes from two PIDs, merged by SCR (the later one wins on a clash):
 * {@value #ANALYTICS_PID} provides {@code home}, {@value #PID} (described by {@link FileSinkConfiguration}) provides
 * {@code path} and the rotation settings. There is deliberately no {@code @Modified} method: any configuration change
 * of either PID deactivates this instance (flushing and closing the file) and activates a new one, which the
 * dispatcher sees as one sink unbinding and another binding.
 *
 * <p>The metatype for {@value #PID} is designated by {@link FileSinkConfiguration} itself (its {@code pid}), since bnd
 * allows {@code @Designate} only on components with exactly one configuration PID.
 *
 * <p>Invalid configuration makes the constructor throw an {@link IllegalArgumentException}, which SCR logs; the
 * component then stays inactive until the configuration is fixed.
 */
@Component(service = AnalyticsSink.class, configurationPid = {FileSinkComponent.ANALYTICS_PID, FileSinkComponent.PID},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = AnalyticsSink.NAME_PROPERTY + "=file")
public final class FileSinkComponent implements AnalyticsSink {

    /** Configuration PID of the file sink. */
    public static final String PID = "org.openjarvis.analytics.file";

    /** Configuration PID of the analytics service, read here for {@code home} only. */
    static final String ANALYTICS_PID = "org.openjarvis.analytics";

    static final long MIN_ROTATION_BYTES = 1024;
    static final int MAX_KEEP = 100;

    private static final Duration DEACTIVATE_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    /** The one property of {@value #ANALYTICS_PID} this component reads; not designated, no metatype of its own. */
    public @interface HomeProperty {
        /** The OpenJarvis home directory; empty means the environment decides. */
        String home() default "";
    }

    private final Logger logger;
    private final FileSink sink;

    @Activate
    public FileSinkComponent(FileSinkConfiguration config, HomeProperty home, BundleContext context,
            @Reference(name = "logger", service = LoggerFactory.class) Logger logger) {
        this(config, home.home(), logger, context.getProperty(OpenJarvisHome.PROPERTY), System.getenv(),
                System.getProperty("user.home"));
    }

    FileSinkComponent(FileSinkConfiguration config, String home, Logger logger, String frameworkHome,
            Map<String, String> environment, String userHome) {
        long maxBytes = config.rotation_max_bytes();
        if (maxBytes < MIN_ROTATION_BYTES) {
            throw new IllegalArgumentException(PID + ": rotation.max.bytes must be at least " + MIN_ROTATION_BYTES
                    + ", but is " + maxBytes);
        }
        int keep = config.rotation_keep();
        if (keep < 0 || keep > MAX_KEEP) {
            throw new IllegalArgumentException(PID + ": rotation.keep must be between 0 and " + MAX_KEEP
                    + ", but is " + keep);
        }
        Path path = resolvePath(config.path(), home, frameworkHome, environment, userHome);
        this.logger = logger;
        this.sink = new FileSink(path, maxBytes, keep, this::stateChanged);
        logger.info("Analytics events are written to {} (rotated at {} bytes, {} old files kept)", path, maxBytes,
                keep);
    }

    /**
     * The log file: {@code path} if set ({@code ~/} expanded, a relative path taken relative to the home
     * directory), else {@code <home>/analytics/events.jsonl}.
     *
     * @throws IllegalArgumentException if {@code path} (or {@code home}) is not a valid file path
     */
    static Path resolvePath(String configuredPath, String home, String frameworkHome, Map<String, String> environment,
            String userHome) {
        String trimmed = configuredPath == null ? "" : configuredPath.trim();
        if (trimmed.isEmpty()) {
            return OpenJarvisHome.resolve(home, frameworkHome, environment, userHome).resolve("analytics")
                    .resolve("events.jsonl");
        }
        Path path;
        try {
            path = trimmed.startsWith("~/") ? Path.of(userHome, trimmed.substring(2)) : Path.of(trimmed);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(PID + ": path is not a valid file path: \"" + configuredPath
                    + "\" (" + e.getReason() + ")", e);
        }
        if (!path.isAbsolute()) {
            path = OpenJarvisHome.resolve(home, frameworkHome, environment, userHome).resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        if (path.getFileName() == null || Files.isDirectory(path)) {
            throw new IllegalArgumentException(PID + ": path must name a file, but \"" + configuredPath
                    + "\" is " + (path.getFileName() == null ? "a root directory" : "a directory"));
        }
        return path;
    }


    @Deactivate
    void deactivate() {
        sink.flush(DEACTIVATE_FLUSH_TIMEOUT);
        sink.close();
    }

    /** The log file's path. */
    public Path path() {
        return sink.path();
    }

    @Override
    public void deliver(AnalyticsEvent event) {
        sink.deliver(event);
    }

    @Override
    public boolean flush(Duration timeout) {
        return sink.flush(timeout);
    }

    @Override
    public long discardPending() {
        return sink.discardPending();
    }

    @Override
    public SinkStatus status() {
        return sink.status();
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
