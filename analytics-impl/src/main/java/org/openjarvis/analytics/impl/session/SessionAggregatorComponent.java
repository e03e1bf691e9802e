package org.openjarvis.analytics.impl.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.impl.identity.Consent;
import org.openjarvis.analytics.impl.service.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.service.AnalyticsServiceComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Runs the {@link SessionAggregator} in the framework. It closes idle sessions every {@code session.tick.seconds}
 * on its own single thread, applies configuration changes in place, forgets open sessions when consent is
 * withdrawn, and reports every open session when it is deactivated, as the reference's shutdown does.
 *
 * <p>The bridge references this component's service, so DS deactivates the bridge first; the bridge records what
 * it still has queued and has the open sessions reported, as the reference's {@code bridge.stop()} does. What is
 * open here when this component is deactivated is reported again, before the service it references goes.
 */
// Immediate, so idle sessions are closed on schedule and the sessions outlive any one user of the service.
@Component(service = SessionRecorder.class, configurationPid = AnalyticsServiceComponent.PID, immediate = true)
public final class SessionAggregatorComponent implements SessionRecorder {

    private final Logger logger;
    private final Map<String, String> environment;
    private final SessionAggregator aggregator;
    private final ScheduledExecutorService executor;
    private volatile SessionSettings settings;
    private ScheduledFuture<?> idleCheck; // guarded by this

    @Activate
    public SessionAggregatorComponent(@Reference AnalyticsService analytics, AnalyticsConfiguration config,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this(analytics, config, logger, System.getenv(), () -> System.currentTimeMillis() / 1000.0);
    }

    SessionAggregatorComponent(AnalyticsService analytics, AnalyticsConfiguration config, Logger logger,
            Map<String, String> environment, DoubleSupplier clockSeconds) {
        this.logger = logger;
        this.environment = Map.copyOf(environment);
        this.settings = SessionSettings.from(config);
        this.aggregator = new SessionAggregator(analytics::capture, settings.idleTimeoutSeconds(), clockSeconds);
        applyConsent(config);
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread idleChecks = new Thread(runnable, "openjarvis-analytics-sessions");
            idleChecks.setDaemon(true);
            return idleChecks;
        });
        thread.setRemoveOnCancelPolicy(true);
        this.executor = thread;
        scheduleIdleCheck();
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        SessionSettings updated = SessionSettings.from(config);
        boolean tickChanged = updated.tickSeconds() != settings.tickSeconds();
        settings = updated;
        aggregator.setIdleTimeoutSeconds(updated.idleTimeoutSeconds());
        applyConsent(config);
        if (tickChanged) {
            scheduleIdleCheck();
        }
    }

    @Deactivate
    void deactivate() {
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

    // Consent is read from the configuration and the environment directly: the order in which DS hands a new
    // configuration to this component and to the service is not defined, so the service's state may be stale.
    private void applyConsent(AnalyticsConfiguration config) {
        if (Consent.evaluate(environment, config.enabled()).granted()) {
            aggregator.startCollecting();
            return;
        }
        int forgotten = aggregator.stopCollecting();
        if (forgotten > 0) {
            logger.info("Consent withdrawn: {} open chat sessions were forgotten without being reported", forgotten);
        }
    }

    private synchronized void scheduleIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        long tick = settings.tickSeconds();
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
