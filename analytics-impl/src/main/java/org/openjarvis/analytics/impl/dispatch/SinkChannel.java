package org.openjarvis.analytics.impl.dispatch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.common.concurrent.DaemonThreads;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.common.concurrent.LingeringQueue;
import org.openjarvis.analytics.common.concurrent.Room;
import org.openjarvis.analytics.common.status.Counters;

/**
 * Feeds one sink from its own bounded queue on its own daemon thread, so a slow, blocking or throwing sink never
 * delays the caller or the other sinks.
 *
 * <p>Accounting: every event offered is either refused ({@code dropped_overflow}) or enqueued, and every enqueued
 * event ends as exactly one of handed to the sink, {@code dropped_sink_error}, {@code dropped_unbound},
 * {@code dropped_consent}, or is still pending here. {@link #status()} joins this to the sink's own
 * {@link SinkStatus.Accounting}, if it keeps one, for where each offered event ended.
 */
final class SinkChannel {

    /** What became of an offered event. */
    enum Offer {
        ENQUEUED,
        /** No room: counted as {@code dropped_overflow}. */
        FULL,
        /** Refusing (consent withdrawn) or closed: not counted here, the service counts it. */
        REFUSED
    }

    /** What the worker takes from the queue: an event, a flush request, or the end. */
    sealed interface Item permits Delivery, FlushRequest, Stop {
    }

    /** Ends the worker. */
    private enum Stop implements Item {
        STOP
    }

    /**
     * How long the worker waits for more events before it asks to be woken: while events keep coming, it takes them in
     * batches, at most this late, instead of being woken, at the cost of a system call, for each one.
     */
    private static final Duration LINGER = Duration.ofMillis(1);
    /**
     * The most events the worker hands over in one run, taking this channel's monitor and writing its error once per
     * run instead of for each event: that moved the cache line the callers lock on to the worker's core and back at
     * every capture, which cost both sides more than the hand-over itself.
     */
    private static final int MAX_RUN = 256;

    private final String name;
    private final AnalyticsSink sink;
    private final Supplier<Limits> limits;
    private final LingeringQueue<Item> queue = new LingeringQueue<>(LINGER);
    private final Room room = new Room(); // of the events queued; reserved before one is queued
    private final Counters<ChannelCounter> counts = new Counters<>(ChannelCounter.class);
    private final Thread worker;
    // The sink's accounting when it was bound: a sink outlives a binding (the service may restart), and only what
    // happened since then belongs to this channel's events.
    private final SinkStatus.Accounting baseline;
    private volatile boolean closed;
    private boolean refusing; // guarded by this
    // One more each time refusing starts: an event queued before then is never handed over, even if the worker took
    // it from the queue before the discard and comes to it only after consent was given again. Written under this;
    // read without it by the worker before each event of a run, so that a withdrawal stops the rest of the run.
    private volatile long consentEpoch;
    private boolean delivering; // the worker is handing over a run, maybe inside the sink's deliver(); guarded by this
    private volatile String lastError = "";

    SinkChannel(String name, AnalyticsSink sink, Supplier<Limits> limits, ThreadFactory threads) {
        this.name = name;
        this.sink = sink;
        this.limits = limits;
        this.baseline = accountingOf(sink).orElse(null);
        this.worker = DaemonThreads.named("openjarvis-analytics-sink-" + name, threads).newThread(this::run);
        worker.start();
    }

    AnalyticsSink sink() {
        return sink;
    }

    /** Queues an event without blocking. */
    synchronized Offer offer(QueuedEvent event) {
        if (closed || refusing) {
            return Offer.REFUSED;
        }
        Limits bounds = limits.get();
        if (!room.reserve(event.bytes(), bounds.capacity(), bounds.maxBytes())) {
            counts.increment(ChannelCounter.DROPPED_OVERFLOW);
            return Offer.FULL;
        }
        counts.increment(ChannelCounter.ENQUEUED);
        Delivery delivery = new Delivery(event, consentEpoch);
        // Past half of either bound the worker is woken at once: a queue it keeps up with must not fill while it lingers.
        if (room.count() > bounds.capacity() / 2 || room.bytes() > bounds.maxBytes() / 2) {
            queue.addAndWake(delivery);
        } else {
            queue.add(delivery);
        }
        return Offer.ENQUEUED;
    }

    /** While refusing, every offer is refused; taking this channel's monitor orders it against every offer. */
    synchronized void refuse(boolean refuse) {
        if (refuse && !refusing) {
            consentEpoch++;
        }
        refusing = refuse;
    }

    /**
     * Queues a flush behind the events queued so far: when the worker reaches it, every earlier event was handed to
     * the sink, and the sink is asked to flush. Both run on the worker thread, so a sink that ignores its timeout
     * delays only itself, never the caller.
     */
    FlushRequest requestFlush(Deadline deadline) {
        return enqueue(new FlushRequest(deadline, true));
    }

    private FlushRequest enqueue(FlushRequest request) {
        if (closed) {
            request.abandon();
        } else {
            queue.addAndWake(request);
        }
        return request;
    }

    /** Takes back a flush request that timed out, unless the worker already reached it. */
    void withdraw(FlushRequest request) {
        queue.remove(request);
    }

    /**
     * Drops every queued event because consent was withdrawn, then waits, at most {@code deliveryWait}, for an event
     * already inside the sink's {@code deliver()} to come out, so that the sink's own discard that follows finds it.
     * Call {@link #refuse} first: from then on the worker hands the sink nothing more.
     *
     * @return how many queued events were dropped
     */
    long discard(Duration deliveryWait) {
        long dropped = drainQueue(ChannelCounter.DROPPED_CONSENT);
        Deadline deadline = Dispatcher.deadlineAfter(deliveryWait);
        synchronized (this) {
            try {
                while (delivering && !deadline.expired()) {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline.remainingNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (delivering) {
                lastError = "deliver() did not return within " + deliveryWait.toMillis() + " ms of consent being "
                        + "withdrawn; the sink may keep that event";
            }
        }
        return dropped;
    }

    /**
     * Hands what is queued to the sink within the timeout, then stops the worker. Events still queued then are
     * counted as {@code dropped_unbound}. The sink is not asked to flush: it is going away, and its owner closes it.
     *
     * @return how many events were dropped that way
     */
    long close(Duration timeout) {
        enqueue(new FlushRequest(Dispatcher.deadlineAfter(timeout), false)).await();
        synchronized (this) {
            closed = true;
        }
        queue.addAndWake(Stop.STOP);
        try {
            worker.join(Math.max(1, Math.min(timeout.toMillis(), 1000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A sink still blocked in deliver() is not waited for any longer; it keeps its own thread until it returns.
        worker.interrupt();
        long dropped = drainQueue(ChannelCounter.DROPPED_UNBOUND);
        // The drain took the first STOP: this one ends the worker even if the sink ate the interrupt.
        queue.addAndWake(Stop.STOP);
        return dropped;
    }

    SinkStatus status() {
        SinkStatus own;
        try {
            own = sink.status();
        } catch (RuntimeException e) {
            own = SinkStatus.of(name, SinkStatus.Health.FAILING, "status() failed: " + e, Map.of());
        }
        Map<String, Long> counters = counts.snapshot();
        Map<String, Long> dropped = counts.dropped(counters);
        long offered = counters.get("enqueued") + dropped.get("overflow");
        long handed = counters.get("handed");
        long pending = room.count();
        counters.put("pending", pending);
        counters.put("pending_bytes", room.bytes());
        counters.putAll(own.counters());
        SinkStatus.Accounting accounting = joinedAccounting(offered, handed, dropped, pending, own.accounting());
        SinkStatus.Health health = own.health();
        String detail = own.detail();
        if (health == SinkStatus.Health.OK && !lastError.isEmpty()) {
            health = SinkStatus.Health.DEGRADED;
            detail = lastError;
        }
        return SinkStatus.of(name, health, detail, counters, accounting);
    }

    // Offered = delivered + dropped + pending across this queue and the sink, counting the sink's changes since it
    // was bound here: what it received since is what it was handed here, and what it still held from before (an
    // earlier binding's events, an earlier run's spool) counts as recovered. A sink that keeps no accounting counts
    // as delivering what it was handed.
    private SinkStatus.Accounting joinedAccounting(long offered, long handed, Map<String, Long> dropped,
            long pending, Optional<SinkStatus.Accounting> current) {
        if (current.isEmpty() || baseline == null) {
            return new SinkStatus.Accounting(offered, 0, handed, dropped, pending);
        }
        SinkStatus.Accounting now = current.get();
        Map<String, Long> allDropped = new LinkedHashMap<>(dropped);
        now.dropped().forEach((reason, count) -> allDropped.merge(reason, count
                - baseline.dropped().getOrDefault(reason, 0L), Long::sum));
        return new SinkStatus.Accounting(offered, now.recovered() - baseline.recovered() + baseline.pending(),
                now.delivered() - baseline.delivered(), allDropped, pending + now.pending());
    }

    private static Optional<SinkStatus.Accounting> accountingOf(AnalyticsSink sink) {
        try {
            return sink.status().accounting();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void run() {
        Item item = null; // what ended the last run, if it was not an event
        while (true) {
            if (item == null) {
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
            }
            if (item instanceof Delivery delivery) {
                item = deliverRun(delivery);
            } else if (item instanceof FlushRequest request) {
                request.run(sink);
                item = null;
            } else {
                return; // Stop, the only other kind
            }
        }
    }

    // Hands the sink first, then the events queued behind it, each taken from the queue only when its turn comes
    // (until then a discard or a close finds it there), up to MAX_RUN of them, and none once the channel is closed.
    // Returns the item that ended the run if it is not an event, else null.
    private Item deliverRun(Delivery first) {
        synchronized (this) {
            delivering = true;
        }
        boolean lastWentThrough = false; // the last event handed over, if any, did not throw
        Item next = first;
        try {
            for (int length = 1; next instanceof Delivery delivery;
                    next = length++ < MAX_RUN && !closed ? queue.poll() : null) {
                release(delivery.event());
                if (delivery.consentEpoch() != consentEpoch) { // withdrawn since it was queued
                    counts.increment(ChannelCounter.DROPPED_CONSENT);
                    continue;
                }
                try {
                    sink.deliver(delivery.event().event());
                    counts.increment(ChannelCounter.HANDED);
                    lastWentThrough = true;
                } catch (Throwable e) { // a sink's failure must never kill the worker and strand the queue
                    counts.increment(ChannelCounter.DROPPED_SINK_ERROR);
                    lastError = "deliver() threw " + e;
                    lastWentThrough = false;
                }
            }
            if (lastWentThrough && !lastError.isEmpty()) {
                lastError = "";
            }
        } finally {
            synchronized (this) {
                delivering = false;
                notifyAll();
            }
        }
        return next;
    }

    private long drainQueue(ChannelCounter reason) {
        long count = 0;
        Item item;
        while ((item = queue.poll()) != null) {
            if (item instanceof Delivery delivery) {
                release(delivery.event());
                counts.increment(reason);
                count++;
            } else if (item instanceof FlushRequest request) {
                request.abandon();
            }
        }
        return count;
    }

    /** An event in this channel's queue, with the consent epoch it was queued in. */
    private record Delivery(QueuedEvent event, long consentEpoch) implements Item {
    }

    private void release(QueuedEvent event) {
        room.release(event.bytes());
    }
}
