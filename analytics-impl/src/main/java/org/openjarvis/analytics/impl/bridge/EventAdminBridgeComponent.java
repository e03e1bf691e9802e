package org.openjarvis.analytics.impl.bridge;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.common.concurrent.DaemonThreads;
import org.openjarvis.analytics.common.concurrent.Deadline;
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
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Listens to the OpenJarvis bus topics on EventAdmin through its {@link BusEventHandler}. {@link #handleEvent} only
 * copies what it needs and hands it to the {@link BridgeQueue}, so EventAdmin never times the handler out or
 * deny-lists it; the bridge runs on the queue's single thread and records sessions in the session aggregator's
 * service. Deactivation processes what is queued; the open sessions are reported as the {@code session} package
 * describes.
 *
 * <p>It follows the service's settings and consent decision ({@link AnalyticsSettingsSource}). Each queued bus event
 * carries the consent epoch it arrived in; withdrawing consent starts a new epoch and discards what is queued, so a
 * bus event handed over before an opt-out is never processed after a quick opt-in.
 *
 * <p>The {@link EventHandler} is registered by the component itself, with the topics as its only properties. Had
 * DS registered it, every configuration change would be copied into its service properties, and EventAdmin
 * re-indexes a modified handler: an event posted at that moment could be missed.
 */
// Immediate, so the handler is registered before the first bus event is posted.
@Component(name = "org.openjarvis.analytics.bridge", service = BridgeControl.class,
        configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true)
public final class EventAdminBridgeComponent implements BridgeControl, AnalyticsSettingsSource.Listener {

    /** The topics handled: the six bus events the reference bridge subscribes to, and direct captures. */
    public static final List<String> TOPICS = List.of(AnalyticsTopics.INFERENCE_END, AnalyticsTopics.TOOL_CALL_END,
            AnalyticsTopics.SESSION_END, AnalyticsTopics.AGENT_TURN_END, AnalyticsTopics.FEEDBACK_RECEIVED,
            AnalyticsTopics.SECURITY_ALERT, AnalyticsTopics.CAPTURE);

    private final AnalyticsService analytics;
    private final AnalyticsSettingsSource source;
    private final Logger logger;
    private final OpenJarvisHome homes;
    private final SessionRecorder sessions;
    private final EventBridge bridge;
    private final BridgeQueue queue;
    private final LongAdder processed = new LongAdder();
    private final LongAdder droppedOverflow = new LongAdder();
    private final LongAdder droppedOversized = new LongAdder();
    private final LongAdder droppedInvalid = new LongAdder();
    private final LongAdder ignoredDisabled = new LongAdder();
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
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPICS.toArray(new String[0]));
        registration = context.registerService(EventHandler.class, new BusEventHandler(this), properties);
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
        this.queue = new BridgeQueue(this::process, droppedOverflow::increment,
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
            ignoredDisabled.add(discarded);
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
                ignoredDisabled.increment();
                return;
            }
            BridgeSettings current = settings;
            Optional<EventCopy.Copy> copied = EventCopy.of(event, current.queueMaxBytes());
            if (copied.isEmpty()) {
                droppedOversized.increment();
                return;
            }
            EventCopy.Copy copy = copied.get();
            queue.offer(event.getTopic(), copy.data(), copy.bytes(), arrivedIn, current.queueCapacity(),
                    current.queueMaxBytes());
        } catch (StackOverflowError e) { // a value's toString() recursing: the stack has unwound by now
            droppedInvalid.increment();
        } catch (VirtualMachineError e) { // out of memory, an internal error: the JVM is broken, not the event
            throw e;
        } catch (Throwable e) { // never let EventAdmin see what a value's methods throw, even a checked exception
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // swallowed here, so the publisher's thread keeps the interrupt
            }
            droppedInvalid.increment();
        }
    }

    @Override
    public boolean awaitProcessed(Duration timeout) {
        return queue.awaitProcessed(timeout);
    }

    // Part of the service's hand-over to a sink about to go (see the session package).
    @Override
    public void drainQueued(Deadline deadline) {
        queue.awaitProcessed(deadline.remaining());
    }

    // Visible for testing
    /** Items waiting for the bridge thread: bus events and flush markers alike. */
    int pendingItems() {
        return queue.pendingItems();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("bus_events_processed", processed.sum());
        counters.put("bus_events_queued", (long) queue.queuedEvents());
        counters.put("bus_events_dropped_overflow", droppedOverflow.sum());
        counters.put("bus_events_dropped_oversized", droppedOversized.sum());
        counters.put("bus_events_dropped_invalid", droppedInvalid.sum());
        counters.put("bus_events_ignored_disabled", ignoredDisabled.sum());
        counters.put("tool_names_untracked", bridge.toolNamesUntracked());
        counters.putAll(sessions.counters());
        return counters;
    }

    // On the bridge thread, under the processing lock, so a consent change waits for the event in hand.
    private void process(String topic, Map<String, Object> data, long arrivedIn) {
        synchronized (processing) {
            if (arrivedIn != epoch || !collecting || !analytics.isEnabled()) { // consent was withdrawn meanwhile
                ignoredDisabled.increment();
                return;
            }
            boolean handled;
            try {
                handled = AnalyticsTopics.CAPTURE.equals(topic) ? captureDirectly(data)
                        : bridge.handle(topic.substring(AnalyticsTopics.CORE_PREFIX.length()), data);
            } catch (StackOverflowError e) {
                // Last line of defence: data nested deeply enough to exhaust the stack (Python would raise
                // RecursionError) must not end this thread's work unaccounted for.
                logger.debug("Bus event on {} exhausted the stack; dropped", topic);
                handled = false;
            }
            (handled ? processed : droppedInvalid).increment();
        }
    }

    private boolean captureDirectly(Map<String, Object> data) {
        Object eventName = data.remove(AnalyticsTopics.EVENT);
        if (!(eventName instanceof String)) {
            return false;
        }
        return analytics.capture((String) eventName, data) != CaptureResult.FAILED;
    }
}
