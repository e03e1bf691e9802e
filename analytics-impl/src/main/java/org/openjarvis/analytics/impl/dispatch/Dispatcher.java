package org.openjarvis.analytics.impl.dispatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.concurrent.atomic.LongAdder;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.common.concurrent.Deadline;

/**
 * Hands accepted events to every bound sink without blocking the caller.
 *
 * <p>While at least one sink is bound, each event goes into every sink's own {@link SinkChannel}. While none is
 * bound, events wait in a bounded backlog, and the first sink to arrive receives them. Both are bounded by count
 * and by estimated bytes; an event that does not fit is refused, and the caller counts it.
 *
 * <p>While refusing (consent withdrawn) or once closed, no event enters any queue: {@link #dispatch} answers
 * {@link CaptureResult#DISABLED}. Each channel checks that under its own monitor, which every offer takes anyway, so
 * an event either entered a queue before {@link #refuse()} returned (and {@link #discardPending(Duration)} finds it)
 * or is refused.
 *
 * <p>Thread-safety: {@link #dispatch} may be called from any number of threads. Sinks are bound and unbound from
 * SCR threads. The channel list is an immutable snapshot replaced under {@code lock}, and no sink is ever called
 * while {@code lock} is held.
 */
public final class Dispatcher {

    /** Longer waits are cut to this: far beyond any use, and safe for a sink's own nanosecond arithmetic. */
    private static final Duration MAX_WAIT = Duration.ofDays(365);

    private final Object lock = new Object();
    private final ArrayDeque<QueuedEvent> backlog = new ArrayDeque<>(); // guarded by lock
    private long backlogBytes; // guarded by lock
    private boolean refusing; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile List<SinkChannel> channels = List.of();
    private volatile Limits limits;
    private final Consumer<AnalyticsEvent> enqueued;
    private final LongAdder droppedOnUnbind = new LongAdder();
    private final ThreadFactory threads;

    /**
     * @param enqueued told of each event once a sink's queue took it (the backlog's when the first sink is bound), on
     *        the thread that queued it; must be quick
     */
    public Dispatcher(Limits limits, Consumer<AnalyticsEvent> enqueued) {
        this(limits, enqueued, Thread::new);
    }

    /** @param threads makes each sink's worker thread, which the channel names and marks as a daemon */
    Dispatcher(Limits limits, Consumer<AnalyticsEvent> enqueued, ThreadFactory threads) {
        this.limits = Objects.requireNonNull(limits);
        this.enqueued = enqueued;
        this.threads = threads;
    }

    /** New bounds apply to the next events offered; events already queued are kept. */
    public void setLimits(Limits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /**
     * Queues an event for every bound sink, or in the backlog if none is bound.
     *
     * @return {@link CaptureResult#ACCEPTED}; {@link CaptureResult#DROPPED_OVERFLOW} if no queue had room;
     *         {@link CaptureResult#DISABLED} while refusing or once closed
     */
    public CaptureResult dispatch(AnalyticsEvent event, long bytes) {
        QueuedEvent queued = new QueuedEvent(event, bytes);
        Offered first = offerToAll(channels, queued, List.of());
        if (first.accepted()) {
            return CaptureResult.ACCEPTED;
        }
        synchronized (lock) {
            if (refusing || closed) {
                return CaptureResult.DISABLED;
            }
            // Sinks may have come or gone since the snapshot above: offer again to every channel that was not full
            // then (each counts a refusal once), or queue in the backlog if none is bound now.
            List<SinkChannel> current = channels;
            if (!current.isEmpty()) {
                return offerToAll(current, queued, first.full()).accepted() ? CaptureResult.ACCEPTED
                        : CaptureResult.DROPPED_OVERFLOW;
            }
            Limits bounds = limits;
            if (backlog.size() >= bounds.capacity() || backlogBytes + bytes > bounds.maxBytes()) {
                return CaptureResult.DROPPED_OVERFLOW;
            }
            backlog.add(queued);
            backlogBytes += bytes;
            return CaptureResult.ACCEPTED;
        }
    }

    /**
     * Consent was withdrawn: from now on no event enters a queue, until {@link #accept()}. Call
     * {@link #discardPending(Duration)} afterwards for what was queued before.
     */
    public void refuse() {
        setRefusing(true);
    }

    /** Consent was given again: events are queued again. */
    public void accept() {
        setRefusing(false);
    }

    private void setRefusing(boolean refuse) {
        synchronized (lock) {
            refusing = refuse;
            for (SinkChannel channel : channels) {
                channel.refuse(refuse);
            }
        }
    }

    /**
     * Starts feeding a sink; if it is the first one, it receives the backlog first. While refusing (consent is
     * off), the sink is asked to discard what it kept from before (a spool of an earlier run): nothing may be kept
     * for later once the user opted out.
     *
     * @return how many events the sink discarded for that reason
     */
    public long bind(AnalyticsSink sink, String name) {
        SinkChannel channel = new SinkChannel(name, sink, () -> limits, threads);
        boolean refused;
        synchronized (lock) {
            refused = refusing || closed;
            channel.refuse(refused);
            for (QueuedEvent queued; (queued = backlog.poll()) != null;) {
                backlogBytes -= queued.bytes();
                // Only bounds lowered since the event was queued can refuse it here; the channel counts that.
                if (channel.offer(queued) == SinkChannel.Offer.ENQUEUED) {
                    enqueued.accept(queued.event());
                }
            }
            List<SinkChannel> updated = new ArrayList<>(channels);
            updated.add(channel);
            channels = List.copyOf(updated);
        }
        return refused ? discardKept(sink) : 0;
    }

    /**
     * Stops feeding a sink. What is queued for it is still handed to it within {@code timeout}; the rest is counted
     * as dropped. Returns at once if the sink is not bound.
     */
    public void unbind(AnalyticsSink sink, Duration timeout) {
        SinkChannel removed = null;
        synchronized (lock) {
            List<SinkChannel> updated = new ArrayList<>(channels);
            for (SinkChannel channel : updated) {
                if (channel.sink() == sink) {
                    removed = channel;
                }
            }
            if (removed == null) {
                return;
            }
            updated.remove(removed);
            channels = List.copyOf(updated);
        }
        droppedOnUnbind.add(removed.close(timeout));
    }

    /**
     * Waits until every queued event was handed to its sinks, then asks each sink to flush, all within
     * {@code timeout}.
     *
     * @return true if nothing is left queued anywhere and every sink reported a complete flush
     */
    public boolean flush(Duration timeout) {
        Deadline deadline = deadlineAfter(timeout);
        Map<SinkChannel, FlushRequest> requests = new LinkedHashMap<>();
        for (SinkChannel channel : channels) {
            requests.put(channel, channel.requestFlush(deadline));
        }
        boolean complete = true;
        for (Map.Entry<SinkChannel, FlushRequest> request : requests.entrySet()) {
            if (!request.getValue().await()) {
                complete = false;
                request.getKey().withdraw(request.getValue()); // not left behind a hanging sink to pile up
            }
        }
        synchronized (lock) {
            return complete && backlog.isEmpty();
        }
    }

    /** How many events {@link #discardPending(Duration)} dropped: from the backlog, and from the sinks' queues. */
    public record Discarded(long backlog, long sinks) {
        /** Both together. */
        public long total() {
            return backlog + sinks;
        }
    }

    /**
     * Consent was withdrawn: drops everything queued here and asks every sink to drop what it has buffered. Each
     * sink's own counters record its share. Call {@link #refuse()} first.
     *
     * @param deliveryWait how long to wait for an event that a sink's {@code deliver()} is handling right now, so
     *        that the sink's discard finds it
     */
    public Discarded discardPending(Duration deliveryWait) {
        long fromBacklog;
        synchronized (lock) {
            fromBacklog = backlog.size();
            backlog.clear();
            backlogBytes = 0;
        }
        long fromSinks = 0;
        for (SinkChannel channel : channels) {
            fromSinks += channel.discard(deliveryWait) + discardKept(channel.sink());
        }
        return new Discarded(fromBacklog, fromSinks);
    }

    private static long discardKept(AnalyticsSink sink) {
        try {
            return sink.discardPending();
        } catch (RuntimeException e) {
            return 0; // the sink's own count is unknown then; our channel counted its share exactly
        }
    }

    /**
     * Shuts down: hands queued events to the sinks and flushes them within {@code timeout}, then stops every
     * worker.
     *
     * @return how many events were dropped because they were still in the backlog (no sink was bound)
     */
    public long close(Duration timeout) {
        Deadline deadline = deadlineAfter(timeout);
        flush(timeout);
        List<SinkChannel> closing;
        long dropped;
        synchronized (lock) {
            closed = true;
            closing = channels;
            channels = List.of();
            dropped = backlog.size();
            backlog.clear();
            backlogBytes = 0;
        }
        for (SinkChannel channel : closing) {
            droppedOnUnbind.add(channel.close(deadline.remaining()));
        }
        return dropped;
    }

    /** Events waiting for a first sink. */
    public int backlogSize() {
        synchronized (lock) {
            return backlog.size();
        }
    }

    /** Events that were still queued for a sink when it was unbound and could not be handed over in time. */
    public long droppedOnUnbind() {
        return droppedOnUnbind.sum();
    }

    /** One status per bound sink, in binding order. */
    public List<SinkStatus> sinkStatuses() {
        List<SinkStatus> statuses = new ArrayList<>();
        for (SinkChannel channel : channels) {
            statuses.add(channel.status());
        }
        return statuses;
    }

    /** What offering an event to every target did: whether any took it, and if none did, which were full. */
    private record Offered(boolean accepted, List<SinkChannel> full) {
        // One instance for the outcome of nearly every capture, which then allocates nothing for it.
        static final Offered ACCEPTED = new Offered(true, List.of());
    }

    private Offered offerToAll(List<SinkChannel> targets, QueuedEvent queued, List<SinkChannel> skip) {
        boolean anyAccepted = false;
        List<SinkChannel> full = null;
        for (SinkChannel channel : targets) {
            if (skip.contains(channel)) {
                continue;
            }
            SinkChannel.Offer outcome = channel.offer(queued);
            if (outcome == SinkChannel.Offer.ENQUEUED) {
                anyAccepted = true;
            } else if (outcome == SinkChannel.Offer.FULL) {
                full = full == null ? new ArrayList<>() : full;
                full.add(channel);
            }
        }
        if (anyAccepted) {
            enqueued.accept(queued.event());
            return Offered.ACCEPTED;
        }
        return new Offered(false, full == null ? List.of() : full);
    }

    static Deadline deadlineAfter(Duration timeout) {
        return Deadline.after(timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : timeout);
    }
}
