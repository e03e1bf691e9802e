package org.openjarvis.analytics.posthog;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import okhttp3.Call;
import okhttp3.OkHttpClient;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.common.concurrent.DaemonThreads;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.common.status.Counters;

/**
 * The PostHog sink: {@link #deliver} serialises the event once and queues it without blocking; up to
 * {@code maxInFlight} named daemon threads, the <em>lanes</em>, send batches, each through a {@link BatchSender} of
 * its own, so that as many requests are outstanding at once. The lanes take turns forming batches: one at a time
 * waits for a batch (or the flush interval) and takes it, then sends it while the next lane waits, so a trickle is
 * sent as one lane would send it and a deep queue drains through all of them. While a batch is being sent, the next
 * lane waits for a full one ({@code batchMaxEvents}) or for that batch to be done, as Nagle's algorithm holds back
 * small segments: a burst goes out in fewer, larger requests. PostHog orders events by their
 * timestamps, so batches may complete in any order. {@link #close} returns within its deadline even when the host
 * never answers: it cancels the calls in flight, stops the lanes, and shuts OkHttp's threads and pool down.
 *
 * <p>With a {@link BatchSpool}, batches that fail for a passing reason, and what is still queued at close, are kept
 * on disk instead of dropped. The spool is sent again, oldest first, once a live batch went through (the host is
 * back), each event only if the {@link SpoolGate} admits it as it would a live one, and serialised anew: the stored
 * bytes are never sent. Events it rejects are set aside; while it cannot judge (analytics off, no service), the
 * spool waits. The lane whose batch went through resends the spool, one batch at a time, while the others go on
 * with live batches.
 *
 * <p>The events the lanes work on are <em>held</em>: taken from the queue, or checked out of the spool, under
 * {@link #lock}, and each settled there (sent, dropped for a reason, or handed back to the spool). This is what
 * makes {@link #discardPending} complete: under the same lock it drains the queue, claims what is held, deletes the
 * spool and cancels the calls in flight, so nothing of it is sent or spooled afterwards, and each event is counted
 * once.
 */
final class PostHogSink implements AnalyticsSink {

    /** PostHog's per-event budget (its Kafka message limit is 1,000,000 bytes with envelope). */
    static final int MAX_EVENT_BYTES = 900 * 1024;
    /** The longest status detail. */
    static final int MAX_DETAIL_LENGTH = 240;
    /** How long a discard waits for the cancelled calls to come back. */
    private static final Duration DISCARD_WAIT = Duration.ofSeconds(2);
    /** How long close waits for the lanes to end once their calls are cancelled. */
    private static final Duration LANES_STOP_WAIT = Duration.ofSeconds(1);

    private final WireFormat format;
    private final String apiKey; // for masking only: the senders send it
    private final BatchQueue queue;
    private final SenderCounters counters;
    private final Counters<PostHogCounter> counts;
    private final OkHttpClient client;
    private final int batchSize;
    private final int batchMaxEvents;
    private final long maxBatchBytes;
    private final Duration flushInterval;
    private final BatchSpool spool; // null when no spool directory is configured
    private final SpoolGate gate;
    private final List<Thread> lanes = new ArrayList<>();
    private final Consumer<String> warnings;
    private final ReentrantLock forming = new ReentrantLock(); // held by the lane whose turn it is to take a batch
    private final Object lock = new Object(); // also what the retry pauses wait on
    private long held; // events the lanes hold; guarded by lock
    private long generation; // one more for each discard, which withdraws what was held; guarded by lock
    private final Set<Call> inFlight = new HashSet<>(); // guarded by lock; notified when one ends
    // Flushes waiting for nothing to be unsent, completed by a lane (or a discard); guarded by lock
    private final List<CompletableFuture<Boolean>> flushes = new ArrayList<>();
    private int lanesRunning; // guarded by lock
    private volatile boolean closing;

    /**
     * The sink's sizes and intervals, already checked.
     *
     * @param batchSize the events that make a batch worth sending before the flush interval ends
     * @param batchMaxEvents the most events of one batch taken from a queue that holds more than {@code batchSize}
     *        (at least {@code batchSize}): a deep queue drains in fewer, larger requests; also what a lane waits for
     *        while another batch is being sent
     * @param maxInFlight the most batches being sent at once, each on a lane of its own
     */
    record Limits(int queueCapacity, long queueMaxBytes, int batchSize, int batchMaxEvents, long maxBatchBytes,
            Duration flushInterval, int maxInFlight) {
    }

    /**
     * @param spool where unsent batches are kept, or null to count them as dropped
     * @param gate what may be sent again from the spool
     */
    PostHogSink(String name, PostHogEndpoint endpoint, String apiKey, WireFormat format, Limits limits,
            RetryPolicy retries, OkHttpClient client, Clock clock, String userAgent, BatchSpool spool,
            SpoolGate gate, Consumer<String> warnings) {
        this.format = format;
        this.apiKey = apiKey;
        this.client = client;
        this.queue = new BatchQueue(limits.queueCapacity(), limits.queueMaxBytes());
        this.counters = new SenderCounters();
        this.counts = counters.counts;
        this.batchSize = limits.batchSize();
        this.batchMaxEvents = limits.batchMaxEvents();
        this.maxBatchBytes = limits.maxBatchBytes();
        this.flushInterval = limits.flushInterval();
        this.spool = spool;
        this.gate = gate;
        this.warnings = warnings;
        for (int lane = 1; lane <= limits.maxInFlight(); lane++) {
            BatchSender sender = new BatchSender(client, endpoint, apiKey, userAgent, retries, clock, counters,
                    warnings);
            lanes.add(DaemonThreads.named("openjarvis-analytics-posthog-" + name + "-" + lane)
                    .newThread(() -> run(sender)));
        }
        lanesRunning = lanes.size();
        lanes.forEach(Thread::start);
    }

    @Override
    public void deliver(AnalyticsEvent event) {
        counts.increment(PostHogCounter.RECEIVED);
        if (closing) {
            counts.increment(PostHogCounter.DROPPED_SHUTDOWN);
            return;
        }
        if (queue.full()) { // not worth serialising: while the host is away, this keeps up with any capture rate
            counts.increment(PostHogCounter.DROPPED_QUEUE_FULL);
            return;
        }
        byte[] json;
        try {
            json = format.event(event);
        } catch (RuntimeException e) { // not expected for a validated event; counted here, where it was received
            counts.increment(PostHogCounter.DROPPED_ERROR);
            warnings.accept("Could not serialise an event for PostHog: " + ApiKeys.scrub(e.toString(), apiKey,
                    BatchSender.MAX_ERROR_LENGTH));
            return;
        }
        if (json.length > MAX_EVENT_BYTES) {
            counts.increment(PostHogCounter.DROPPED_OVERSIZED);
        } else if (queue.offer(new BatchQueue.Entry(json))) {
            counts.increment(PostHogCounter.BATCHED);
        } else {
            counts.increment(PostHogCounter.DROPPED_QUEUE_FULL);
        }
    }

    /**
     * Asks the lanes to send what is queued now, and waits until nothing is unsent (queued or held by a lane), at
     * most {@code timeout}. A lane completes the wait when a round leaves nothing unsent; a discard does when it
     * withdraws everything.
     *
     * @return false if the timeout passed first, or the lanes stopped with events unsent
     */
    @Override
    public boolean flush(Duration timeout) {
        CompletableFuture<Boolean> drained = new CompletableFuture<>();
        synchronized (lock) {
            if (unsent() == 0) {
                return true;
            }
            if (lanesRunning == 0) {
                return false;
            }
            flushes.add(drained);
        }
        queue.requestFlush();
        try {
            return drained.get(Deadline.after(timeout).remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            synchronized (lock) {
                flushes.remove(drained);
            }
        }
    }

    /**
     * Consent was withdrawn: what is queued, what the lanes hold (batches in flight, or waiting between retries),
     * and the spool with what it set aside are deleted, all counted as {@code discarded_consent}; the calls in flight
     * are cancelled. Works before a lane ever ran: a spool left by an earlier run is read and deleted.
     */
    @Override
    public long discardPending() {
        synchronized (lock) {
            generation++;
            long discarded = queue.drainAll().size() + held;
            held = 0;
            if (spool != null) {
                discarded += spool.discardAll();
            }
            counts.add(PostHogCounter.DISCARDED_CONSENT, discarded);
            Set<Call> withdrawn = new HashSet<>(inFlight);
            withdrawn.forEach(Call::cancel);
            lock.notifyAll(); // ends the pauses between retries
            completeFlushes(false);
            awaitEnded(withdrawn);
            return discarded;
        }
    }

    // Under the lock. Cancelling closes a connection, but a request may be half-way out: the discard returns once
    // none is, so nothing of a withdrawn batch leaves after consent was withdrawn (bounded, for a stuck socket).
    // Calls begun since, for events captured since, are not waited for.
    private void awaitEnded(Set<Call> calls) {
        Deadline deadline = Deadline.after(DISCARD_WAIT);
        try {
            while (!Collections.disjoint(inFlight, calls) && !deadline.expired()) {
                TimeUnit.NANOSECONDS.timedWait(lock, deadline.remainingNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends what is queued within {@code timeout}, then stops: the calls in flight are cancelled, the lanes end,
     * and OkHttp's dispatcher and connection pool are shut down. Events still queued are spooled, or counted as
     * {@code dropped_shutdown} without a spool.
     */
    void close(Duration timeout) {
        flush(timeout);
        closing = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        queue.requestFlush();
        client.dispatcher().cancelAll();
        lanes.forEach(Thread::interrupt);
        Deadline joined = Deadline.after(LANES_STOP_WAIT);
        try {
            for (Thread lane : lanes) {
                lane.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joined.remainingNanos())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spoolWhatIsQueued();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** Whether PostHog refused the key (401 or 403): nothing is sent until the sink is replaced. */
    boolean keyRefused() {
        return counters.keyRefused();
    }

    /** Whether a lane is still running (for tests of the shutdown bound). */
    boolean running() {
        return lanes.stream().anyMatch(Thread::isAlive);
    }

    @Override
    public SinkStatus status() {
        Map<String, Long> values = new LinkedHashMap<>();
        // Named apart from the dispatcher's own per-sink counters (enqueued, pending, ...), shown beside them.
        long unsent;
        long spooledEvents = 0;
        synchronized (lock) { // one moment: a batch moving between the queue, a lane and the spool is seen once
            unsent = unsent();
            if (spool != null) {
                spooledEvents = spool.events();
            }
        }
        values.putAll(counts.snapshot());
        Map<String, Long> dropped = counts.dropped(values);
        values.put("unsent", unsent);
        long recovered = 0;
        if (spool != null) {
            Map<String, Long> spoolCounters = spool.counters();
            values.putAll(spoolCounters);
            dropped.putAll(spool.dropped(spoolCounters));
            recovered = spool.recovered();
        }
        SinkStatus.Accounting accounting = new SinkStatus.Accounting(values.get("received"), recovered,
                values.get("sent"), dropped, unsent + spooledEvents);
        int status = counters.lastStatus();
        SinkStatus.Health health = counters.keyRefused() ? SinkStatus.Health.FAILING
                : status == 0 || (status >= 200 && status < 300) ? SinkStatus.Health.OK : SinkStatus.Health.DEGRADED;
        String detail = counters.keyRefused()
                ? "the project API key was refused (HTTP " + status + "); sending stopped until reconfigured"
                : "last status " + (status == -1 ? "none (I/O error: " + counters.lastError() + ")" : status);
        // The error was scrubbed where it was recorded; once more here, so that nothing reaching the detail ever
        // carries the key or a control character.
        detail = ApiKeys.scrub(detail, apiKey, MAX_DETAIL_LENGTH);
        return SinkStatus.of("", health, detail, values, accounting);
    }

    // Queued, or held by a lane (spooled batches included, which the spool does not count meanwhile).
    private long unsent() {
        synchronized (lock) {
            return queue.size() + held;
        }
    }

    // One lane.
    private void run(BatchSender sender) {
        try {
            boolean resendSpool = false;
            while (!closing) {
                synchronized (lock) {
                    if (!flushes.isEmpty()) {
                        queue.requestFlush(); // a waiting flush wants every round to send what is queued, not wait
                    }
                }
                try {
                    resendSpool = step(sender, resendSpool);
                } catch (RuntimeException e) { // a bug, or a surprise on disk, must not end sending for good
                    warnings.accept("The PostHog sender hit an unexpected error and carries on: "
                            + ApiKeys.scrub(e.toString(), apiKey, BatchSender.MAX_ERROR_LENGTH));
                    resendSpool = false;
                    pauseQuietly(Duration.ofSeconds(1));
                }
                synchronized (lock) {
                    completeFlushes(false);
                }
            }
        } finally {
            sender.close(); // here, on the thread that compresses: a close that gave up waiting cannot race it
            synchronized (lock) {
                lanesRunning--;
                completeFlushes(lanesRunning == 0);
            }
        }
    }

    // Under the lock. Completes the waiting flushes once nothing is unsent, or, when the last lane ends, with whether
    // anything is.
    private void completeFlushes(boolean lanesEnded) {
        boolean drained = unsent() == 0;
        if (drained || lanesEnded) {
            flushes.forEach(flush -> flush.complete(drained));
            flushes.clear();
        }
    }

    // One round of a lane: the next spooled batch, or the next live batch. Returns whether the spool should be sent
    // next: a lane whose batch went through resends the spool itself, while the others go on with live batches.
    private boolean step(BatchSender sender, boolean resendSpool) {
        if (resendSpool) {
            return resendOldestSpooled(sender);
        }
        Optional<Held> taken = takeInTurn();
        if (taken.isEmpty() || taken.get().entries.isEmpty()) {
            return false;
        }
        Held batch = taken.get();
        try {
            List<BatchQueue.Entry> unsent = sender.send(batch.entries, batch);
            return batch.keepForLater(unsent) && unsent.isEmpty() && spool != null && !spool.isEmpty();
        } finally {
            // Only after a surprise: where they stand is unknown, so they are counted, never silent.
            batch.settleRest(PostHogCounter.DROPPED_ERROR);
            queue.sent();
        }
    }

    // Waits for this lane's turn, then for a batch (or the flush interval, or a flush), and takes it. One lane at a
    // time waits, so a trickle is sent in batches as one lane would send it. Empty if interrupted: closing.
    private Optional<Held> takeInTurn() {
        try {
            forming.lockInterruptibly();
            try {
                queue.awaitBatch(batchSize, batchMaxEvents, maxBatchBytes, flushInterval);
                synchronized (lock) {
                    return Optional.of(new Held(queue.takeToSend(batchSize, batchMaxEvents, maxBatchBytes)));
                }
            } finally {
                forming.unlock();
            }
        } catch (InterruptedException e) {
            return Optional.empty(); // closing is checked by the loop
        }
    }

    // Sends the oldest spooled batch; true if it went through and the next one may follow. One is out at a time:
    // while another lane resends one, there is none to check out.
    private boolean resendOldestSpooled(BatchSender sender) {
        Held batch;
        BatchSpool.Spooled spooled;
        synchronized (lock) {
            Optional<BatchSpool.Spooled> out = spool.checkOut();
            if (out.isEmpty()) {
                return false;
            }
            spooled = out.get();
            batch = new Held(spooled.entries());
        }
        try {
            List<BatchQueue.Entry> admitted = new ArrayList<>();
            List<BatchQueue.Entry> rejected = new ArrayList<>();
            for (BatchQueue.Entry entry : spooled.entries()) {
                Optional<AnalyticsEvent> event = format.read(entry.json());
                SpoolGate.Admission admission = event.map(gate::admit).orElse(SpoolGate.Admission.REJECT);
                if (admission == SpoolGate.Admission.WAIT) {
                    batch.release(spooled);
                    return false;
                }
                if (admission == SpoolGate.Admission.SEND) {
                    admitted.add(new BatchQueue.Entry(format.event(event.get())));
                } else {
                    rejected.add(entry);
                }
            }
            if (!rejected.isEmpty() && !batch.setAside(spooled, rejected)) {
                return false;
            }
            List<BatchQueue.Entry> unsent = admitted.isEmpty() ? List.of() : sender.send(admitted, batch);
            return batch.replace(spooled, unsent) && unsent.isEmpty();
        } finally {
            batch.release(spooled); // only after a surprise: the file keeps its events for a later try
        }
    }

    // What close finds still queued: spooled, or counted as dropped at shutdown. Not held: the lanes have stopped.
    private void spoolWhatIsQueued() {
        synchronized (lock) {
            for (List<BatchQueue.Entry> batch = queue.take(batchSize, batchSize, maxBatchBytes); !batch.isEmpty();
                    batch = queue.take(batchSize, batchSize, maxBatchBytes)) {
                if (spool != null) {
                    spool.write(batch);
                } else {
                    counts.add(PostHogCounter.DROPPED_SHUTDOWN, batch.size());
                }
            }
        }
    }

    private void pauseQuietly(Duration duration) {
        Deadline deadline = Deadline.after(duration);
        synchronized (lock) {
            while (!closing && !deadline.expired()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, deadline.remainingNanos());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * A batch a lane holds: its events count in {@code held} until each is settled. Created under the lock,
     * together with taking the events, so a discard either finds them in the queue or the spool, or sees them
     * held; never neither.
     */
    private final class Held implements BatchSender.Ledger {
        final List<BatchQueue.Entry> entries;
        private final long heldSince; // the generation: a discard since then withdrew the batch
        private int left; // events not settled yet; guarded by lock

        // Under the lock.
        Held(List<BatchQueue.Entry> entries) {
            this.entries = entries;
            this.heldSince = generation;
            this.left = entries.size();
            held += left;
        }

        @Override
        public boolean begin(Call call) {
            synchronized (lock) {
                if (generation != heldSince) {
                    return false;
                }
                inFlight.add(call);
                return true;
            }
        }

        @Override
        public void end(Call call) {
            synchronized (lock) {
                if (inFlight.remove(call)) {
                    lock.notifyAll();
                }
            }
        }

        @Override
        public boolean settle(PostHogCounter counter, int events) {
            return settle(events, () -> counts.add(counter, events));
        }

        @Override
        public boolean withdrawn() {
            synchronized (lock) {
                return generation != heldSince;
            }
        }

        @Override
        public boolean pause(Duration duration) {
            Deadline deadline = Deadline.after(duration);
            synchronized (lock) {
                while (!closing && generation == heldSince) {
                    if (deadline.expired()) {
                        return true;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, deadline.remainingNanos());
                    } catch (InterruptedException e) {
                        return false;
                    }
                }
                return false;
            }
        }

        /** Hands back what could not be sent: to the spool, or counted as dropped. False if withdrawn. */
        boolean keepForLater(List<BatchQueue.Entry> unsent) {
            if (unsent.isEmpty()) {
                return !withdrawn();
            }
            return settle(unsent.size(), () -> {
                if (spool != null) {
                    spool.write(unsent); // counts its own refusals when full or failing
                } else {
                    counts.add(closing ? PostHogCounter.DROPPED_SHUTDOWN : PostHogCounter.DROPPED_RETRIES_EXHAUSTED,
                            unsent.size());
                }
            });
        }

        /** Sets spooled events aside as {@code spool_rejected}. False if withdrawn. */
        boolean setAside(BatchSpool.Spooled spooled, List<BatchQueue.Entry> rejected) {
            return settle(rejected.size(), () -> spool.setAside(spooled, rejected));
        }

        /** Puts the spooled batch back with what is left of it. False if withdrawn (the discard deleted it). */
        boolean replace(BatchSpool.Spooled spooled, List<BatchQueue.Entry> unsent) {
            return settle(unsent.size(), () -> spool.replace(spooled, unsent));
        }

        /** Puts the spooled batch back as it is, unless it is settled already or was withdrawn. */
        void release(BatchSpool.Spooled spooled) {
            synchronized (lock) {
                if (left > 0 && generation == heldSince) {
                    held -= left;
                    left = 0;
                    spool.release(spooled);
                }
            }
        }

        /** Counts whatever is still held in {@code counter}: the lane stopped half-way. */
        void settleRest(PostHogCounter counter) {
            synchronized (lock) {
                if (left > 0 && generation == heldSince) {
                    counts.add(counter, left);
                    held -= left;
                    left = 0;
                }
            }
        }

        private boolean settle(int events, Runnable record) {
            synchronized (lock) {
                if (generation != heldSince) {
                    return false;
                }
                held -= events;
                left -= events;
                record.run();
                return true;
            }
        }
    }
}
