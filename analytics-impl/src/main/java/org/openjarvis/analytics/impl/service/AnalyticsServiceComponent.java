package org.openjarvis.analytics.impl.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.common.status.Counters;
import org.openjarvis.analytics.impl.catalogue.Catalogues;
import org.openjarvis.analytics.impl.config.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.openjarvis.analytics.impl.dispatch.Dispatcher;
import org.openjarvis.analytics.impl.dispatch.Limits;
import org.openjarvis.analytics.impl.identity.Consent;
import org.openjarvis.analytics.impl.identity.ConsentControl;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.identity.UserOptOut;
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
 * The {@link AnalyticsService}, and the one owner of the configuration {@value AnalyticsSettings#PID} and of the
 * consent decision: it reads the raw properties (a value of the wrong type is reported, never fatal), decides
 * consent, and hands both to the bridge and the session aggregator ({@link AnalyticsSettingsSource}). Changes apply in
 * place ({@code @Modified}), so turning analytics off and on never re-registers the service. Sinks are whiteboard
 * services bound dynamically.
 */
// Immediate: a delayed component would be deactivated whenever its last user ungets it, losing the backlog and the
// counters.
@Component(name = "org.openjarvis.analytics.service", service = {AnalyticsService.class, EventHistory.class,
        AnalyticsSettingsSource.class, ConsentControl.class, CaptureCheck.class},
        configurationPid = AnalyticsSettings.PID, immediate = true)
@Designate(ocd = AnalyticsConfiguration.class)
public final class AnalyticsServiceComponent implements AnalyticsService, EventHistory, AnalyticsSettingsSource,
        ConsentControl, CaptureCheck {

    private final Logger logger;
    private final Map<String, String> environment;
    private final OpenJarvisHome homes;
    private final Counters<ServiceCounter> counters = new Counters<>(ServiceCounter.class);
    private final RecentEvents recent = new RecentEvents();
    private final Dispatcher dispatcher;
    private final CapturePipeline pipeline;
    // Serialises configuration changes, the user's switch, id resets and the notifications of the listeners, so that
    // every listener sees every change in the same order.
    private final Object stateLock = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>(); // changed under stateLock
    private volatile AnalyticsSettings settings;
    private volatile IdentityState identity;
    private boolean optedOutThisRun; // an opt-out stays in force even if its record could not be saved; stateLock

    @Activate
    public AnalyticsServiceComponent(Map<String, Object> properties, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger logger, @Reference Catalogues catalogues) {
        this(properties, logger, System.getenv(), OpenJarvisHome.ofFramework(context::getProperty), Clock.systemUTC(),
                catalogues);
    }

    AnalyticsServiceComponent(Map<String, ?> properties, Logger logger, Map<String, String> environment,
            OpenJarvisHome homes, Clock clock, Catalogues catalogues) {
        this.logger = logger;
        this.environment = Map.copyOf(environment);
        this.homes = homes;
        this.settings = check(properties, AnalyticsSettings.DEFAULTS);
        this.dispatcher = new Dispatcher(limits(settings), recent::add);
        this.pipeline = new CapturePipeline(catalogues, clock, dispatcher, counters);
        this.identity = establishIdentity(settings);
        if (!identity.consent().granted()) {
            dispatcher.refuse();
        }
        logState();
    }

    @Modified
    void modified(Map<String, Object> properties) {
        synchronized (stateLock) {
            apply(check(properties, settings));
        }
        logState();
    }

    @Override
    public void optOut() {
        String failure = null;
        synchronized (stateLock) {
            optedOutThisRun = true;
            try {
                UserOptOut.record(homes.resolve(settings.home()));
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
            }
            apply(settings);
        }
        logState();
        if (failure != null) {
            throw new IllegalStateException("analytics is off until this process ends, but the opt-out could not be "
                    + "saved, so it will not last: " + failure);
        }
    }

    @Override
    public Optional<String> optIn() {
        String failure = null;
        synchronized (stateLock) {
            try {
                UserOptOut.clear(homes.resolve(settings.home()));
                optedOutThisRun = false;
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
            }
            apply(settings);
        }
        logState();
        if (failure != null) {
            throw new IllegalStateException("the opt-out could not be removed, so analytics stays off: " + failure);
        }
        return whyStillOff(identity);
    }

    private static Optional<String> whyStillOff(IdentityState state) {
        if (state.enabled()) {
            return Optional.empty();
        }
        String reason = state.disabledReason().orElse("unknown reason");
        Consent.Source source = state.consent().source().orElse(null);
        if (source == Consent.Source.ENVIRONMENT) {
            return Optional.of(reason + "; the environment wins over analytics:enable (unset it and restart)");
        }
        if (source == Consent.Source.CONFIGURATION) {
            return Optional.of(reason + "; the configuration " + AnalyticsSettings.PID + " must say enabled=true");
        }
        return Optional.of(reason);
    }

    @Override
    public void subscribe(Listener listener) {
        synchronized (stateLock) {
            listeners.add(listener);
            listener.settingsChanged(settings);
            if (!identity.consent().granted()) {
                listener.consentWithdrawn();
            }
        }
    }

    @Override
    public void unsubscribe(Listener listener) {
        synchronized (stateLock) {
            listeners.remove(listener);
        }
    }

    // Outside stateLock: a drain waits for the bridge thread, whose captures must not wait for a configuration change.
    @Override
    public void handOver(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        notifyListeners(listener -> listener.drainQueued(deadline));
        notifyListeners(Listener::reportOpen);
    }

    @Reference(service = AnalyticsSink.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindSink(AnalyticsSink sink, Map<String, Object> properties) {
        String name = sinkName(sink, properties);
        long discarded = dispatcher.bind(sink, name);
        logger.info("Analytics sink bound: {}", name);
        if (discarded > 0) {
            logger.info("Analytics is off: sink {} discarded {} events it had kept from before", name, discarded);
        }
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
            return pipeline.capture(settings.privacyScreen(), current.anonymousId().get(), eventName, properties);
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
    public List<PropertyFilter.Dropped> dropped(String eventName, Map<String, ?> properties) {
        return pipeline.dropped(settings.privacyScreen(), eventName, properties);
    }

    @Override
    public boolean admits(AnalyticsEvent event) {
        IdentityState current = identity;
        return event != null && current.enabled() && event.distinctId().equals(current.anonymousId().get())
                && pipeline.admits(settings.privacyScreen(), event);
    }

    @Override
    public List<AnalyticsEvent> recentEvents(int max) {
        return recent.last(max);
    }

    // The new settings; every value that cannot be used is logged and keeps its previous setting.
    private AnalyticsSettings check(Map<String, ?> properties, AnalyticsSettings previous) {
        AnalyticsSettings.Parsed parsed = AnalyticsSettings.parse(properties, previous);
        parsed.problems().forEach(logger::error);
        AnalyticsSettings checked = parsed.settings();
        try {
            homes.resolve(checked.home());
            return checked;
        } catch (IllegalArgumentException e) {
            logger.error("{}; keeping the previous home", e.getMessage());
            return checked.withHome(previous.home());
        }
    }

    // Under stateLock. Withdrawing consent closes every queue to new events before anything held is discarded, so an
    // event is either refused or found by the discard; the listeners do the same with what they hold.
    private void apply(AnalyticsSettings updated) {
        IdentityState next = establishIdentity(updated);
        boolean wasGranted = identity.consent().granted();
        boolean granted = next.consent().granted();
        if (wasGranted && !granted) {
            dispatcher.refuse();
        }
        settings = updated;
        dispatcher.setLimits(limits(updated));
        identity = next;
        notifyListeners(listener -> listener.settingsChanged(updated));
        if (wasGranted && !granted) {
            notifyListeners(Listener::consentWithdrawn);
            Dispatcher.Discarded discarded = dispatcher.discardPending(updated.shutdownTimeout());
            counters.add(ServiceCounter.DROPPED_CONSENT, discarded.backlog());
            logger.info("Consent withdrawn: discarded {} events that had not been delivered yet",
                    discarded.total());
        } else if (!wasGranted && granted) {
            dispatcher.accept();
            notifyListeners(Listener::consentGranted);
        }
    }

    private void notifyListeners(Consumer<Listener> change) {
        for (Listener listener : listeners) {
            try {
                change.accept(listener);
            } catch (RuntimeException e) { // one broken listener must not stop the others from following
                logger.error("An analytics component failed to follow a configuration change: {}", e.toString());
            }
        }
    }

    // The user's opt-out counts whether its record is in the home or could not be saved this run.
    private IdentityState establishIdentity(AnalyticsSettings current) {
        Optional<String> optedOut = optedOutThisRun ? Optional.of("not saved; until this process ends")
                : Optional.empty();
        Path home;
        try {
            home = homes.resolve(current.home());
        } catch (IllegalArgumentException e) {
            return IdentityState.withoutHome(Consent.evaluate(environment, optedOut, current), e.getMessage());
        }
        if (UserOptOut.isRecorded(home)) {
            optedOut = Optional.of(UserOptOut.file(home).toString());
        }
        IdentityState established = IdentityState.establish(Consent.evaluate(environment, optedOut, current), home);
        // What the file held is not printed: it is there because it was not an id, and may be anything.
        established.replacedIdFile().ifPresent(file -> logger.warn("The anonymous id file {} did not hold a UUID; "
                + "replaced it with a new id", file));
        return established;
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

    private static Limits limits(AnalyticsSettings settings) {
        return new Limits(settings.backlogCapacity(), settings.backlogMaxBytes());
    }

    private static String sinkName(AnalyticsSink sink, Map<String, Object> properties) {
        Object name = properties.get(AnalyticsSink.NAME_PROPERTY);
        if (name instanceof String && !((String) name).isBlank()) {
            return (String) name;
        }
        return sink.getClass().getSimpleName() + "#" + properties.get(Constants.SERVICE_ID);
    }
}
