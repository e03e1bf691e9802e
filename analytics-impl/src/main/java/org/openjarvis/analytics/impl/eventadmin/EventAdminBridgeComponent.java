package org.openjarvis.analytics.impl.eventadmin;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.impl.bridge.EventBridge;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;
import org.openjarvis.analytics.impl.service.AnalyticsConfiguration;
import org.openjarvis.analytics.impl.service.AnalyticsServiceComponent;
import org.openjarvis.analytics.impl.session.SessionAggregator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Listens to the OpenJarvis bus topics on EventAdmin. {@link #handleEvent} only copies what it needs and
 * enqueues, so EventAdmin never times the handler out or deny-lists it; the bridge and the session aggregator run
 * on this component's single thread, which also closes idle sessions every {@code session.tick.seconds}.
 * Deactivation processes what is queued and then reports every open session, as the reference's shutdown does.
 *
 * <p>The {@link EventHandler} is registered by the component itself, with the topics as its only properties. Had
 * DS registered it, every configuration change would be copied into its service properties, and EventAdmin
 * re-indexes a modified handler: an event posted at that moment could be missed.
 */
// Immediate, so idle sessions are closed on schedule even before the first bus event arrives.
@Component(service = BridgeControl.class, configurationPid = AnalyticsServiceComponent.PID, immediate = true)
public final class EventAdminBridgeComponent implements EventHandler, BridgeControl {

    /** The topics handled: the six bus events the reference bridge subscribes to, and direct captures. */
    static final List<String> TOPICS = List.of(AnalyticsTopics.INFERENCE_END, AnalyticsTopics.TOOL_CALL_END,
            AnalyticsTopics.SESSION_END, AnalyticsTopics.AGENT_TURN_END, AnalyticsTopics.FEEDBACK_RECEIVED,
            AnalyticsTopics.SECURITY_ALERT, AnalyticsTopics.CAPTURE);

    private final AnalyticsService analytics;
    private final Logger logger;
    private final String frameworkHome;
    private final Map<String, String> environment;
    private final String userHome;
    private final ScheduledExecutorService executor;
    private final SessionAggregator aggregator;
    private final EventBridge bridge;
    // Bus events and awaitProcessed markers in arrival order; each executor task runs the next one. Whoever takes
    // an item out (the bridge thread, a publisher whose hand-off was refused, deactivation) accounts for it, once.
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final LongAdder processed = new LongAdder();
    private final LongAdder droppedOverflow = new LongAdder();
    private final LongAdder droppedInvalid = new LongAdder();
    private final LongAdder ignoredDisabled = new LongAdder();
    private volatile BridgeSettings settings;
    private ScheduledFuture<?> idleCheck; // guarded by this
    private volatile ServiceRegistration<EventHandler> registration; // null when constructed outside OSGi

    @Activate
    public EventAdminBridgeComponent(@Reference AnalyticsService analytics, AnalyticsConfiguration config,
            @Reference(service = LoggerFactory.class) Logger logger, BundleContext context) {
        this(analytics, config, logger, context.getProperty(OpenJarvisHome.PROPERTY), System.getenv(),
                System.getProperty("user.home"), () -> System.currentTimeMillis() / 1000.0);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPICS.toArray(new String[0]));
        registration = context.registerService(EventHandler.class, this, properties);
    }

    EventAdminBridgeComponent(AnalyticsService analytics, AnalyticsConfiguration config, Logger logger,
            String frameworkHome, Map<String, String> environment, String userHome, DoubleSupplier clockSeconds) {
        this.analytics = analytics;
        this.logger = logger;
        this.frameworkHome = frameworkHome;
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.settings = BridgeSettings.from(config, frameworkHome, this.environment, userHome);
        this.aggregator = new SessionAggregator(analytics::capture, settings.idleTimeoutSeconds(), clockSeconds);
        this.bridge = new EventBridge(aggregator, analytics::capture, () -> settings.firstChatFlag(),
                () -> settings.platform(), logger::warn);
        ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "openjarvis-analytics-bridge");
            thread.setDaemon(true);
            return thread;
        });
        threads.setRemoveOnCancelPolicy(true);
        this.executor = threads;
        scheduleIdleCheck();
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        BridgeSettings updated = BridgeSettings.from(config, frameworkHome, environment, userHome);
        boolean tickChanged = updated.tickSeconds() != settings.tickSeconds();
        settings = updated;
        aggregator.setIdleTimeoutSeconds(updated.idleTimeoutSeconds());
        if (tickChanged) {
            scheduleIdleCheck();
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        executor.shutdown(); // queued events still run; the idle check is cancelled by shutdown's policy
        boolean drained = awaitTermination(settings.shutdownTimeout());
        if (!drained) {
            executor.shutdownNow();
            long lost = 0;
            for (Pending item; (item = pending.poll()) != null;) {
                lost += item.discard();
            }
            logger.warn("Analytics bridge stopped with {} bus events still queued; they were dropped", lost);
        }
        bridge.stop();
    }

    @Override
    public void handleEvent(Event event) {
        try {
            if (!analytics.isEnabled()) {
                ignoredDisabled.increment();
                return;
            }
            BridgeSettings current = settings;
            EventCopy.Copy copy = EventCopy.of(event, current.queueMaxBytes());
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
            enqueue(new QueuedEvent(event.getTopic(), copy.data(), copy.bytes()));
        } catch (RuntimeException e) { // never let EventAdmin see an exception from us
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

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("bus_events_processed", processed.sum());
        counters.put("bus_events_queued", (long) queued.get());
        counters.put("bus_events_dropped_overflow", droppedOverflow.sum());
        counters.put("bus_events_dropped_invalid", droppedInvalid.sum());
        counters.put("bus_events_ignored_disabled", ignoredDisabled.sum());
        counters.put("open_sessions", (long) aggregator.openSessions());
        counters.put("sessions_closed_early", aggregator.sessionsClosedEarly());
        counters.put("tool_names_untracked", bridge.toolNamesUntracked());
        return counters;
    }

    private void process(String topic, Map<String, Object> data) {
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

        QueuedEvent(String topic, Map<String, Object> data, long bytes) {
            this.topic = topic;
            this.data = data;
            this.bytes = bytes;
        }

        @Override
        public void run() {
            release();
            process(topic, data);
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
