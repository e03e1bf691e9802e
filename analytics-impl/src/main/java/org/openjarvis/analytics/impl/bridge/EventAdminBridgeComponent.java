package org.openjarvis.analytics.impl.bridge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.common.concurrent.DaemonThreads;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.common.status.Counters;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.config.AnalyticsSettingsSource;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.session.SessionRecorder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Listens to the OpenJarvis bus topics on EventAdmin through its {@link BusEventHandler}. {@link #handleEvent} only
 * copies and hands over to the {@link BridgeQueue}, so EventAdmin never times the handler out or deny-lists it; the
 * bridge runs on the queue's thread and records sessions in the aggregator's service. Deactivation processes what is
 * queued; the {@code session} package says when open sessions are reported.
 *
 * <p>It follows the service's settings and consent ({@link AnalyticsSettingsSource}). A queued bus event carries its
 * consent epoch; withdrawal starts a new one and discards the queue: nothing from before an opt-out is processed.
 */
// Immediate, so the handler is registered before the first bus event is posted.
@Component(name = "org.openjarvis.analytics.bridge", service = BridgeControl.class,
        configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true)
public final class EventAdminBridgeComponent implements BridgeControl, AnalyticsSettingsSource.Listener {

    private final AnalyticsService analytics;
    private final AnalyticsSettingsSource source;
    private final Logger logger;
    private final OpenJarvisHome homes;
    private final SessionRecorder sessions;
    private final EventBridge bridge;
    private final BridgeQueue queue;
    private final Counters<BridgeCounter> counters = new Counters<>(BridgeCounter.class);
    // Taken around each bus event's processing and around a consent change, so a change waits for the event in hand.
    private final Object processing = new Object();
    // Withdrawal sets collecting to false, then starts a new epoch; handleEvent reads them in the opposite order.
    private volatile boolean collecting = true;
    private volatile long epoch;
    private volatile BridgeSettings settings;
    private volatile ServiceRegistration<EventHandler> registration; // null when constructed outside OSGi

    @Activate
    public EventAdminBridgeComponent(@Reference AnalyticsService analytics, @Reference SessionRecorder sessions,
            @Reference AnalyticsSettingsSource source, @Reference(service = LoggerFactory.class) Logger logger,
            BundleContext context) {
        this(analytics, sessions, source, logger, OpenJarvisHome.ofFramework(context::getProperty), Thread::new);
        registration = BusEventHandler.register(context, this);
    }

    EventAdminBridgeComponent(AnalyticsService analytics, SessionRecorder sessions, AnalyticsSettingsSource source,
            Logger logger, OpenJarvisHome homes, ThreadFactory threads) {
        this.analytics = analytics;
        this.sessions = sessions;
        this.source = source;
        this.logger = logger;
        this.homes = homes;
        this.settings = BridgeSettings.from(AnalyticsSettings.DEFAULTS, homes);
        this.bridge = new EventBridge(sessions, analytics::capture, () -> settings.firstChatFlag(),
                () -> settings.platform(), logger::warn);
        this.queue = new BridgeQueue(this::process,
                () -> counters.increment(BridgeCounter.BUS_EVENTS_DROPPED_OVERFLOW),
                DaemonThreads.named("openjarvis-analytics-bridge", threads));
        source.subscribe(this); // last: from here on, changes may arrive on other threads
    }

    @Override
    public void settingsChanged(AnalyticsSettings updated) {
        settings = BridgeSettings.from(updated, homes);
    }

    @Override
    public void consentWithdrawn() {
        int discarded;
        collecting = false; // before the lock: events the bridge thread takes meanwhile are ignored, not processed
        synchronized (processing) {
            epoch++;
            discarded = queue.discardEvents();
            counters.add(BridgeCounter.BUS_EVENTS_IGNORED_DISABLED, discarded);
        }
        if (discarded > 0) {
            logger.info("Consent withdrawn: discarded {} bus events that were waiting for the bridge", discarded);
        }
    }

    @Override
    public void consentGranted() {
        synchronized (processing) {
            collecting = true;
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        int lost = queue.stop(settings.shutdownTimeout());
        if (lost > 0) {
            logger.warn("Analytics bridge stopped with {} bus events still queued; they were dropped", lost);
        }
        source.unsubscribe(this); // last, so a consent change during the drain above still reaches this bridge
    }

    /** What {@link BusEventHandler} delegates to. */
    public void handleEvent(Event event) {
        try {
            long arrivedIn = epoch;
            if (!collecting || !analytics.isEnabled()) {
                counters.increment(BridgeCounter.BUS_EVENTS_IGNORED_DISABLED);
                return;
            }
            BridgeSettings current = settings;
            Optional<EventCopy.Copy> copied = EventCopy.of(event, current.queueMaxBytes());
            if (copied.isEmpty()) {
                counters.increment(BridgeCounter.BUS_EVENTS_DROPPED_OVERSIZED);
                return;
            }
            EventCopy.Copy copy = copied.get();
            queue.offer(event.getTopic(), copy.data(), copy.bytes(), arrivedIn, current.queueCapacity(),
                    current.queueMaxBytes());
        } catch (StackOverflowError e) { // a value's toString() recursing: the stack has unwound by now
            counters.increment(BridgeCounter.BUS_EVENTS_DROPPED_INVALID);
        } catch (VirtualMachineError e) { // out of memory, an internal error: the JVM is broken, not the event
            throw e;
        } catch (Throwable e) { // never let EventAdmin see what a value's methods throw, even a checked exception
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // swallowed here, so the publisher's thread keeps the interrupt
            }
            counters.increment(BridgeCounter.BUS_EVENTS_DROPPED_INVALID);
        }
    }

    @Override
    public boolean awaitProcessed(Duration timeout) {
        return queue.awaitProcessed(timeout);
    }

    @Override
    public void drainQueued(Deadline deadline) {
        queue.awaitProcessed(deadline.remaining());
    }

    /** Items waiting for the bridge thread: bus events and flush markers alike. Visible for testing. */
    int pendingItems() {
        return queue.pendingItems();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> all = new LinkedHashMap<>(counters.snapshot());
        all.put("bus_events_pending", (long) queue.queuedEvents());
        all.put("tool_names_untracked", bridge.toolNamesUntracked());
        all.putAll(sessions.counters());
        return all;
    }

    // On the bridge thread, under the processing lock, so a consent change waits for the event in hand.
    private void process(String topic, Map<String, Object> data, long arrivedIn) {
        synchronized (processing) {
            if (arrivedIn != epoch || !collecting || !analytics.isEnabled()) { // consent was withdrawn meanwhile
                counters.increment(BridgeCounter.BUS_EVENTS_IGNORED_DISABLED);
                return;
            }
            boolean handled;
            try {
                handled = AnalyticsTopics.CAPTURE.equals(topic) ? captureDirectly(data)
                        : bridge.handle(topic.substring(AnalyticsTopics.CORE_PREFIX.length()), data);
            } catch (StackOverflowError e) { // data nested too deeply (Python: RecursionError), still accounted for
                logger.debug("Bus event on {} exhausted the stack; dropped", topic);
                handled = false;
            }
            counters.increment(handled ? BridgeCounter.BUS_EVENTS_PROCESSED : BridgeCounter.BUS_EVENTS_DROPPED_INVALID);
        }
    }

    private boolean captureDirectly(Map<String, Object> data) {
        return data.remove(AnalyticsTopics.EVENT) instanceof String name
                && analytics.capture(name, data) != CaptureResult.FAILED;
    }
}
