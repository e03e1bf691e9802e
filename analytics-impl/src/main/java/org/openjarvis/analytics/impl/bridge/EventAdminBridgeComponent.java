package org.openjarvis.analytics.impl.bridge;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
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
 * copies what it needs and enqueues, so EventAdmin never times the handler out or deny-lists it; the bridge runs on this component's single
 * thread and records sessions in the session aggregator's service. Deactivation processes what is queued and then
 * has every open session reported, as the reference's {@code bridge.stop()} does.
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
@Component(service = BridgeControl.class, configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true)
public final class EventAdminBridgeComponent implements BridgeControl, AnalyticsSettingsSource.Listener {

    /** The topics handled: the six bus events the reference bridge subscribes to, and direct captures. */
    public static final List<String> TOPICS = List.of(AnalyticsTopics.INFERENCE_END, AnalyticsTopics.TOOL_CALL_END,
            AnalyticsTopics.SESSION_END, AnalyticsTopics.AGENT_TURN_END, AnalyticsTopics.FEEDBACK_RECEIVED,
            AnalyticsTopics.SECURITY_ALERT, AnalyticsTopics.CAPTURE);

    private final AnalyticsService analytics;
    private final AnalyticsSettingsSource source;
    private final Logger logger;
    private final OpenJarvisHome homes;
    private final ExecutorService executor;
    private final SessionRecorder sessions;
    private final EventBridge bridge;
    // Bus events and awaitProcessed markers in arrival order; each executor task runs the next one. Whoever takes
    // an item out (the bridge thread, a publisher whose hand-off was refused, deactivation) accounts for it, once.
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
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
        this(analytics, sessions, source, logger, OpenJarvisHome.ofFramework(context::getProperty));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPICS.toArray(new String[0]));
        registration = context.registerService(EventHandler.class, new BusEventHandler(this), properties);
    }

    EventAdminBridgeComponent(AnalyticsService analytics, SessionRecorder sessions, AnalyticsSettingsSource source,
            Logger logger, OpenJarvisHome homes) {
        this.analytics = analytics;
        this.sessions = sessions;
        this.source = source;
        this.logger = logger;
        this.homes = homes;
        this.settings = BridgeSettings.from(AnalyticsSettings.DEFAULTS, homes);
        this.bridge = new EventBridge(sessions, analytics::capture, () -> settings.firstChatFlag(),
                () -> settings.platform(), logger::warn);
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread bridgeThread = new Thread(runnable, "openjarvis-analytics-bridge");
                    bridgeThread.setDaemon(true);
                    return bridgeThread;
                });
        thread.prestartCoreThread(); // its thread lives exactly as long as the component, not from the first event
        this.executor = thread;
        source.subscribe(this); // last: from here on, changes may arrive on other threads
    }

    @Override
    public void settingsChanged(AnalyticsSettings updated) {
        settings = BridgeSettings.from(updated, homes);
    }

    @Override
    public void consentWithdrawn() {
        long discarded = 0;
        collecting = false; // before the lock: events the bridge thread takes meanwhile are ignored, not processed
        synchronized (processing) {
            epoch++;
            for (Pending item : pending) {
                if (item instanceof QueuedEvent && pending.remove(item)) { // else the bridge thread took it first
                    ((QueuedEvent) item).release();
                    ignoredDisabled.increment();
                    discarded++;
                }
            }
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
        executor.shutdown(); // queued events still run
        boolean drained = awaitTermination(settings.shutdownTimeout());
        if (!drained) {
            executor.shutdownNow();
            long lost = 0;
            for (Pending item; (item = pending.poll()) != null;) {
                lost += item.discard();
            }
            logger.warn("Analytics bridge stopped with {} bus events still queued; they were dropped", lost);
        }
        // The reference's bridge.stop() ends with aggregator.shutdown(). Done here, not only when the aggregator
        // stops: when the bundle stops, SCR disposes its components in Service-Component order, where the file
        // sink comes before the aggregator but after this bridge, so only now is every sink still bound.
        sessions.reportOpenSessions();
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
            if (queued.incrementAndGet() > current.queueCapacity()) {
                queued.decrementAndGet();
                droppedOverflow.increment();
                return;
            }
            if (queuedBytes.addAndGet(copy.bytes()) > current.queueMaxBytes()) {
                queuedBytes.addAndGet(-copy.bytes());
                queued.decrementAndGet();
                droppedOverflow.increment();
                return;
            }
            enqueue(new QueuedEvent(event.getTopic(), copy.data(), copy.bytes(), arrivedIn));
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

    // Returns false if the executor refused the hand-off (deactivating); the item is then accounted for as discarded.
    private boolean enqueue(Pending item) {
        pending.add(item);
        try {
            executor.execute(this::runNext);
            return true;
        } catch (RejectedExecutionException e) {
            if (pending.remove(item)) { // else deactivation took it out and accounted for it
                item.discard();
            }
            return false;
        }
    }

    private void runNext() {
        Pending item = pending.poll();
        if (item != null) {
            item.run();
        }
    }

    @Override
    public boolean awaitProcessed(Duration timeout) {
        Marker marker = new Marker();
        if (!enqueue(marker)) {
            return false;
        }
        try {
            // A marker that deactivation discards is released at once, reporting false.
            return marker.released.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && marker.reached;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Items waiting for the bridge thread: bus events and flush markers alike. */
    int pendingItems() {
        return pending.size();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("bus_events_processed", processed.sum());
        counters.put("bus_events_queued", (long) queued.get());
        counters.put("bus_events_dropped_overflow", droppedOverflow.sum());
        counters.put("bus_events_dropped_oversized", droppedOversized.sum());
        counters.put("bus_events_dropped_invalid", droppedInvalid.sum());
        counters.put("bus_events_ignored_disabled", ignoredDisabled.sum());
        counters.put("tool_names_untracked", bridge.toolNamesUntracked());
        counters.putAll(sessions.counters());
        return counters;
    }

    // Under the processing lock, so a consent change waits for the event in hand.
    private void process(String topic, Map<String, Object> data, long arrivedIn) {
        if (arrivedIn != epoch || !collecting || !analytics.isEnabled()) { // consent was withdrawn meanwhile
            ignoredDisabled.increment();
            return;
        }
        boolean handled;
        try {
            if (AnalyticsTopics.CAPTURE.equals(topic)) {
                handled = captureDirectly(data);
            } else {
                handled = bridge.handle(topic.substring(AnalyticsTopics.CORE_PREFIX.length()), data);
            }
        } catch (StackOverflowError e) {
            // Last line of defence: data nested deeply enough to exhaust the stack (Python would raise
            // RecursionError) must not end this thread's work unaccounted for.
            logger.debug("Bus event on {} exhausted the stack; dropped", topic);
            handled = false;
        }
        (handled ? processed : droppedInvalid).increment();
    }

    private boolean captureDirectly(Map<String, Object> data) {
        Object eventName = data.remove(AnalyticsTopics.EVENT);
        if (!(eventName instanceof String)) {
            return false;
        }
        return analytics.capture((String) eventName, data) != CaptureResult.FAILED;
    }

    private boolean awaitTermination(Duration timeout) {
        try {
            return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Something waiting for the bridge thread. */
    private interface Pending {
        /** Runs on the bridge thread. */
        void run();

        /** Accounts for the item without running it; returns the number of bus events dropped (0 or 1). */
        int discard();
    }

    private final class QueuedEvent implements Pending {
        private final String topic;
        private final Map<String, Object> data;
        private final long bytes;
        private final long arrivedIn;

        QueuedEvent(String topic, Map<String, Object> data, long bytes, long arrivedIn) {
            this.topic = topic;
            this.data = data;
            this.bytes = bytes;
            this.arrivedIn = arrivedIn;
        }

        @Override
        public void run() {
            synchronized (processing) {
                release();
                process(topic, data, arrivedIn);
            }
        }

        @Override
        public int discard() {
            release();
            droppedOverflow.increment();
            return 1;
        }

        private void release() {
            queued.decrementAndGet();
            queuedBytes.addAndGet(-bytes);
        }
    }

    private static final class Marker implements Pending {
        final CountDownLatch released = new CountDownLatch(1);
        volatile boolean reached;

        @Override
        public void run() {
            reached = true;
            released.countDown();
        }

        @Override
        public int discard() {
            released.countDown();
            return 0;
        }
    }
}
