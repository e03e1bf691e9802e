package org.openjarvis.analytics.impl.service;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.impl.dispatch.Dispatcher;
import org.openjarvis.analytics.impl.identity.Consent;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link AnalyticsService}. Configuration changes apply in place ({@code @Modified}), so turning analytics
 * off and on never re-registers the service. Sinks are whiteboard services bound dynamically.
 */
// Immediate: a delayed component would be deactivated whenever its last user ungets it, losing the backlog and the
// counters.
@Component(service = {AnalyticsService.class, EventHistory.class}, configurationPid = AnalyticsServiceComponent.PID,
        immediate = true)
@Designate(ocd = AnalyticsConfiguration.class)
public final class AnalyticsServiceComponent implements AnalyticsService, EventHistory {

    /** Configuration PID of the service. */
    public static final String PID = "org.openjarvis.analytics";

    private final Logger logger;
    private final Map<String, String> environment;
    private final OpenJarvisHome homes;
    private final ServiceCounter.Counters counters = new ServiceCounter.Counters();
    private final Dispatcher dispatcher;
    private final CapturePipeline pipeline;
    private final Object stateLock = new Object(); // serialises configuration changes and id resets
    private volatile ServiceSettings settings;
    private volatile IdentityState identity;

    @Activate
    public AnalyticsServiceComponent(AnalyticsConfiguration config, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this(config, logger, System.getenv(), OpenJarvisHome.ofFramework(context::getProperty), Clock.systemUTC());
    }

    AnalyticsServiceComponent(AnalyticsConfiguration config, Logger logger, Map<String, String> environment,
            OpenJarvisHome homes, Clock clock) {
        this.logger = logger;
        this.environment = Map.copyOf(environment);
        this.homes = homes;
        this.settings = ServiceSettings.from(config);
        this.dispatcher = new Dispatcher(settings.limits());
        this.pipeline = new CapturePipeline(clock, dispatcher, counters);
        this.identity = establishIdentity(settings);
        if (!identity.consent().granted()) {
            dispatcher.refuse();
        }
        logState();
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        ServiceSettings updated = ServiceSettings.from(config);
        synchronized (stateLock) {
            IdentityState next = establishIdentity(updated); // a refused change must leave everything as it was
            boolean wasGranted = identity.consent().granted();
            boolean granted = next.consent().granted();
            if (wasGranted && !granted) {
                // Before the switch: a capture that saw consent a moment ago is refused from here on, or its event
                // is already queued and discarded below. Either way it never reaches a sink.
                dispatcher.refuse();
            }
            settings = updated;
            dispatcher.setLimits(updated.limits());
            identity = next;
            if (wasGranted && !granted) {
                Dispatcher.Discarded discarded = dispatcher.discardPending();
                counters.add(ServiceCounter.DROPPED_CONSENT, discarded.backlog());
                logger.info("Consent withdrawn: discarded {} events that had not been delivered yet",
                        discarded.total());
            } else if (!wasGranted && granted) {
                dispatcher.accept();
            }
        }
        logState();
    }

    @Reference(service = AnalyticsSink.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindSink(AnalyticsSink sink, Map<String, Object> properties) {
        String name = sinkName(sink, properties);
        dispatcher.bind(sink, name);
        logger.info("Analytics sink bound: {}", name);
    }

    void unbindSink(AnalyticsSink sink) {
        dispatcher.unbind(sink, settings.shutdownTimeout());
    }

    @Deactivate
    void deactivate() {
        long dropped = dispatcher.close(settings.shutdownTimeout());
        counters.add(ServiceCounter.DROPPED_SHUTDOWN, dropped);
        if (dropped > 0) {
            logger.warn("Analytics stopped with no sink bound: {} accepted events were dropped", dropped);
        }
    }

    @Override
    public CaptureResult capture(String eventName, Map<String, ?> properties) {
        try {
            IdentityState current = identity;
            if (!current.enabled()) {
                counters.increment(ServiceCounter.REJECTED_DISABLED);
                return CaptureResult.DISABLED;
            }
            return pipeline.capture(current.anonymousId().get(), eventName, properties);
        } catch (StackOverflowError e) {
            // Input nested or recursing too deeply: the stack has unwound by now, nothing else is harmed.
            return failed();
        } catch (VirtualMachineError e) {
            // Out of memory, an internal error: the JVM is broken, not the input; hiding it would help no one.
            throw e;
        } catch (Throwable e) { // whatever a caller's map throws, even a checked exception thrown sneakily
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // swallowed here, so the caller's thread keeps the interrupt
            }
            return failed();
        }
    }

    private CaptureResult failed() {
        counters.increment(ServiceCounter.DROPPED_ERROR);
        return CaptureResult.FAILED;
    }

    @Override
    public boolean isEnabled() {
        return identity.enabled();
    }

    @Override
    public Optional<String> disabledReason() {
        return identity.disabledReason();
    }

    @Override
    public Optional<String> anonymousId() {
        return identity.anonymousId();
    }

    @Override
    public Optional<String> resetAnonymousId() {
        synchronized (stateLock) {
            if (!identity.consent().granted()) {
                return Optional.empty();
            }
            identity = identity.reset();
        }
        logState();
        return identity.anonymousId();
    }

    @Override
    public boolean flush(Duration timeout) {
        return dispatcher.flush(Objects.requireNonNull(timeout, "timeout must not be null"));
    }

    @Override
    public AnalyticsStatus status() {
        IdentityState current = identity;
        Map<String, Long> serviceCounters = new LinkedHashMap<>(counters.snapshot());
        serviceCounters.put("dropped_unbound", dispatcher.droppedOnUnbind());
        serviceCounters.put("backlog", (long) dispatcher.backlogSize());
        return AnalyticsStatus.of(current.enabled(), current.disabledReason().orElse(null),
                current.anonymousId().orElse(null), serviceCounters, dispatcher.sinkStatuses());
    }

    @Override
    public boolean admits(AnalyticsEvent event) {
        IdentityState current = identity;
        return event != null && current.enabled() && event.distinctId().equals(current.anonymousId().get())
                && pipeline.admits(event);
    }

    @Override
    public List<AnalyticsEvent> recentEvents(int max) {
        return dispatcher.recentEvents(max);
    }

    private IdentityState establishIdentity(ServiceSettings current) {
        Consent consent = Consent.evaluate(environment, current.enabled());
        return IdentityState.establish(consent, homes.resolve(current.home()));
    }

    private void logState() {
        IdentityState current = identity;
        if (current.enabled()) {
            logger.info("Analytics enabled; anonymous id {}", AnonymousIds.mask(current.anonymousId().get()));
        } else if (current.consent().granted()) {
            logger.error("Analytics cannot run: {}", current.disabledReason().orElse(""));
        } else {
            logger.info("Analytics disabled: {}", current.disabledReason().orElse(""));
        }
    }

    private static String sinkName(AnalyticsSink sink, Map<String, Object> properties) {
        Object name = properties.get(AnalyticsSink.NAME_PROPERTY);
        if (name instanceof String && !((String) name).isBlank()) {
            return (String) name;
        }
        return sink.getClass().getSimpleName() + "#" + properties.get(Constants.SERVICE_ID);
    }
}
