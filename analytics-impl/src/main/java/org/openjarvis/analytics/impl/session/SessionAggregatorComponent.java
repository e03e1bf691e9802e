package org.openjarvis.analytics.impl.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.common.concurrent.DaemonThreads;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Runs the {@link SessionAggregator} in the framework. It closes idle sessions every {@code session.tick.seconds}
 * on its own single thread, follows the service's settings and consent decision ({@link AnalyticsSettingsSource}),
 * forgets open sessions when consent is withdrawn, and reports every open session when the service hands over to a
 * sink about to go and when it is deactivated (see the package description).
 */
// Immediate, so idle sessions are closed on schedule and the sessions outlive any one user of the service.
@Component(name = "org.openjarvis.analytics.sessions", service = SessionRecorder.class,
        configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true)
public final class SessionAggregatorComponent implements SessionRecorder, AnalyticsSettingsSource.Listener {

    private final Logger logger;
    private final AnalyticsSettingsSource source;
    private final SessionAggregator aggregator;
    private final ScheduledExecutorService executor;
    private volatile AnalyticsSettings settings = AnalyticsSettings.DEFAULTS;
    private ScheduledFuture<?> idleCheck; // guarded by this

    @Activate
    public SessionAggregatorComponent(@Reference AnalyticsService analytics, @Reference AnalyticsSettingsSource source,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this(analytics, source, logger, () -> System.currentTimeMillis() / 1000.0, Thread::new);
    }

    /** @param threads makes the idle-check thread, which is then named and marked as a daemon */
    SessionAggregatorComponent(AnalyticsService analytics, AnalyticsSettingsSource source, Logger logger,
            DoubleSupplier clockSeconds, ThreadFactory threads) {
        this.logger = logger;
        this.source = source;
        this.aggregator = new SessionAggregator(analytics::capture, settings.sessionIdleTimeoutSeconds(),
                clockSeconds);
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.named("openjarvis-analytics-sessions", threads));
        thread.setRemoveOnCancelPolicy(true);
        this.executor = thread;
        source.subscribe(this); // last: from here on, changes may arrive on other threads
    }

    @Override
    public void settingsChanged(AnalyticsSettings updated) {
        boolean tickChanged = updated.sessionTickSeconds() != settings.sessionTickSeconds();
        settings = updated;
        aggregator.setIdleTimeoutSeconds(updated.sessionIdleTimeoutSeconds());
        scheduleIdleCheck(tickChanged);
    }

    @Override
    public void consentWithdrawn() {
        int forgotten = aggregator.stopCollecting();
        if (forgotten > 0) {
            logger.info("Consent withdrawn: {} open chat sessions were forgotten without being reported", forgotten);
        }
    }

    @Override
    public void consentGranted() {
        aggregator.startCollecting();
    }

    @Override
    public void reportOpen() {
        aggregator.reportOpenSessions();
    }

    @Deactivate
    void deactivate() {
        source.unsubscribe(this);
        executor.shutdown(); // cancels the idle check; one that is running finishes
        awaitTermination(settings.shutdownTimeout());
        aggregator.shutdown();
    }

    @Override
    public void recordInference(String sessionId, long tokensIn, long tokensOut, double latencyMs, String modelHash,
            String engine) {
        aggregator.recordInference(sessionId, tokensIn, tokensOut, latencyMs, modelHash, engine);
    }

    @Override
    public void recordTool(String sessionId, String toolName) {
        aggregator.recordTool(sessionId, toolName);
    }

    @Override
    public void recordError(String sessionId) {
        aggregator.recordError(sessionId);
    }

    @Override
    public void endSession(String sessionId) {
        aggregator.endSession(sessionId);
    }

    @Override
    public void reportOpenSessions() {
        aggregator.reportOpenSessions();
    }

    @Override
    public Map<String, Long> counters() {
        return aggregator.counters();
    }

    // Scheduled when the first settings arrive, and again whenever the tick changes.
    private synchronized void scheduleIdleCheck(boolean tickChanged) {
        if (idleCheck != null && !tickChanged) {
            return;
        }
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        long tick = settings.sessionTickSeconds();
        idleCheck = executor.scheduleWithFixedDelay(this::flushIdleSessions, tick, tick, TimeUnit.SECONDS);
    }

    private void flushIdleSessions() {
        try {
            aggregator.flushIdle();
        } catch (RuntimeException e) { // a failed tick must not cancel the schedule
            logger.debug("Idle session check failed: {}", e.toString());
        }
    }

    private void awaitTermination(Duration timeout) {
        try {
            executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
