package org.openjarvis.analytics.posthog;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import okhttp3.OkHttpClient;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus;

/**
 * The PostHog sink: {@link #deliver} serialises the event once and queues it without blocking; one named daemon
 * thread sends batches through a {@link BatchSender}. {@link #close} returns within its deadline even when the
 * host never answers: it cancels the call in flight, stops the thread, and shuts OkHttp's threads and pool down.
 *
 * <p>With a {@link BatchSpool}, batches that fail for a passing reason, and what is still queued at close, are kept
 * on disk instead of dropped. The spool is sent again, oldest first, once a live batch went through: that proves
 * the host is back, and that consent holds, since the service delivers nothing while consent is off.
 */
final class PostHogSink implements AnalyticsSink {

    /** PostHog's per-event budget (its Kafka message limit is 1,000,000 bytes with envelope). */
    static final int MAX_EVENT_BYTES = 900 * 1024;
    /** The longest status detail. */
    static final int MAX_DETAIL_LENGTH = 240;

    private final WireFormat format;
    private final String apiKey; // for masking only: the sender sends it
    private final BatchQueue queue;
    private final BatchSender sender;
    private final SenderCounters counters;
    private final OkHttpClient client;
    private final int batchSize;
    private final long maxBatchBytes;
    private final Duration flushInterval;
    private final BatchSpool spool; // null when no spool directory is configured
    private final Thread thread;
    private final Consumer<String> warnings;
    private final LongAdder received = new LongAdder();
    private final LongAdder enqueued = new LongAdder();
    private final LongAdder droppedOverflow = new LongAdder();
    private final LongAdder droppedOversized = new LongAdder();
    private final LongAdder droppedConsent = new LongAdder();
    private final LongAdder droppedError = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object pauseLock = new Object();
    private volatile boolean closing;

    /** The sink's sizes and intervals, already checked. */
    record Limits(int queueCapacity, long queueMaxBytes, int batchSize, long maxBatchBytes, Duration flushInterval) {
    }

    /** @param spool where unsent batches are kept, or null to count them as dropped */
    PostHogSink(String name, PostHogEndpoint endpoint, String apiKey, WireFormat format, Limits limits,
            RetryPolicy retries, OkHttpClient client, Clock clock, String userAgent, BatchSpool spool,
            Consumer<String> warnings) {
        this.format = format;
        this.apiKey = apiKey;
        this.client = client;
        this.queue = new BatchQueue(limits.queueCapacity(), limits.queueMaxBytes());
        this.counters = new SenderCounters();
        this.sender = new BatchSender(client, endpoint, apiKey, userAgent, retries, clock, this::pause, counters,
                warnings);
        this.batchSize = limits.batchSize();
        this.maxBatchBytes = limits.maxBatchBytes();
        this.flushInterval = limits.flushInterval();
        this.spool = spool;
        this.warnings = warnings;
        this.thread = new Thread(this::run, "openjarvis-analytics-posthog-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void deliver(AnalyticsEvent event) {
        received.increment();
        if (closing) {
            counters.droppedShutdown.increment();
            return;
        }
        byte[] json;
        try {
            json = format.event(event);
        } catch (RuntimeException e) { // not expected for a validated event; counted here, where it was received
            droppedError.increment();
            warnings.accept("Could not serialise an event for PostHog: " + ApiKeys.scrub(e.toString(), apiKey,
                    BatchSender.MAX_ERROR_LENGTH));
            return;
        }
        if (json.length > MAX_EVENT_BYTES) {
            droppedOversized.increment();
        } else if (queue.offer(new BatchQueue.Entry(event.uuid().toString(), json))) {
            enqueued.increment();
        } else {
            droppedOverflow.increment();
        }
    }

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        queue.requestFlush();
        while (queue.size() > 0 || inFlight.get() > 0) {
            if (System.nanoTime() >= deadline || !thread.isAlive()) {
                return false;
            }
            queue.requestFlush();
            sleepQuietly(Math.min(20, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1));
        }
        return true;
    }

    /** Consent was withdrawn: what is queued and what is spooled are deleted. */
    @Override
    public long discardPending() {
        long discarded = queue.drainAll().size() + (spool == null ? 0 : spool.discardAll());
        droppedConsent.add(discarded);
        return discarded;
    }

    /**
     * Sends what is queued within {@code timeout}, then stops: the call in flight is cancelled, the thread ends,
     * and OkHttp's dispatcher and connection pool are shut down. Events still queued are spooled, or counted as
     * {@code dropped_shutdown} without a spool.
     */
    void close(Duration timeout) {
        flush(timeout);
        closing = true;
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
        queue.requestFlush();
        client.dispatcher().cancelAll();
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spoolWhatIsQueued();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** Whether PostHog refused the key (401 or 403): nothing is sent until the sink is replaced. */
    boolean keyRefused() {
        return sender.circuitOpen();
    }

    /** Whether the sender thread is still running (for tests of the shutdown bound). */
    boolean running() {
        return thread.isAlive();
    }

    @Override
    public SinkStatus status() {
        Map<String, Long> values = new LinkedHashMap<>();
        // Named apart from the dispatcher's own per-sink counters (enqueued, pending, ...), shown beside them.
        long unsent = (long) queue.size() + inFlight.get();
        values.put("received", received.sum());
        values.put("queued", enqueued.sum());
        values.putAll(counters.snapshot());
        values.put("dropped_queue_full", droppedOverflow.sum());
        values.put("dropped_oversized", droppedOversized.sum());
        values.put("discarded_consent", droppedConsent.sum());
        values.put("dropped_error", droppedError.sum());
        values.put("unsent", unsent);
        Map<String, Long> dropped = new LinkedHashMap<>();
        dropped.put("queue_full", droppedOverflow.sum());
        dropped.put("oversized", droppedOversized.sum());
        dropped.put("consent", droppedConsent.sum());
        dropped.put("rejected", counters.droppedRejected.sum());
        dropped.put("retries_exhausted", counters.droppedRetriesExhausted.sum());
        dropped.put("unauthorized", counters.droppedUnauthorized.sum());
        dropped.put("shutdown", counters.droppedShutdown.sum());
        dropped.put("error", droppedError.sum());
        long recovered = 0;
        long spooledEvents = 0;
        if (spool != null) {
            values.putAll(spool.counters());
            dropped.putAll(spool.dropped());
            recovered = spool.recovered();
            spooledEvents = spool.events();
        }
        SinkStatus.Accounting accounting = new SinkStatus.Accounting(received.sum(), recovered, counters.sent.sum(),
                dropped, unsent + spooledEvents);
        int status = counters.lastStatus();
        SinkStatus.Health health = sender.circuitOpen() ? SinkStatus.Health.FAILING
                : status == 0 || (status >= 200 && status < 300) ? SinkStatus.Health.OK : SinkStatus.Health.DEGRADED;
        String detail = sender.circuitOpen()
                ? "the project API key was refused (HTTP " + status + "); sending stopped until reconfigured"
                : "last status " + (status == -1 ? "none (I/O error: " + counters.lastError() + ")" : status);
        // The error was scrubbed where it was recorded; once more here, so that nothing reaching the detail ever
        // carries the key or a control character.
        detail = ApiKeys.scrub(detail, apiKey, MAX_DETAIL_LENGTH);
        return SinkStatus.of("", health, detail, values, accounting);
    }

    private void run() {
        boolean resendSpool = false;
        while (!closing) {
            try {
                resendSpool = step(resendSpool);
            } catch (RuntimeException e) { // a bug, or a surprise on disk, must not end sending for good
                warnings.accept("The PostHog sender hit an unexpected error and carries on: "
                        + ApiKeys.scrub(e.toString(), apiKey, BatchSender.MAX_ERROR_LENGTH));
                resendSpool = false;
                pause(Duration.ofSeconds(1));
            }
        }
    }

    // One round: the next spooled batch, or the next live batch. Returns whether the spool should be sent next.
    private boolean step(boolean resendSpool) {
        if (resendSpool) {
            return resendOldestSpooled();
        }
        List<BatchQueue.Entry> batch;
        try {
            batch = queue.awaitBatch(batchSize, maxBatchBytes, flushInterval);
        } catch (InterruptedException e) {
            return false; // closing is checked by the loop
        }
        if (batch.isEmpty()) {
            return false;
        }
        inFlight.set(batch.size());
        try {
            List<BatchQueue.Entry> unsent = sender.send(batch);
            keepForLater(unsent);
            return unsent.isEmpty() && spool != null && !spool.isEmpty();
        } catch (RuntimeException e) {
            droppedError.add(batch.size()); // where they stand is unknown: counted, never silent
            throw e;
        } finally {
            inFlight.set(0);
        }
    }

    // Sends the oldest spooled batch; true if it went through and the next one may follow.
    private boolean resendOldestSpooled() {
        Optional<BatchSpool.Spooled> spooled = spool.oldest();
        if (spooled.isEmpty()) {
            return false;
        }
        List<BatchQueue.Entry> unsent = sender.send(spooled.get().entries());
        spool.replace(spooled.get(), unsent); // the file keeps what is still unsent, in its place in the order
        return unsent.isEmpty();
    }

    private void keepForLater(List<BatchQueue.Entry> unsent) {
        if (unsent.isEmpty()) {
            return;
        }
        if (spool != null) {
            spool.write(unsent); // counts its own refusals when full or failing
        } else {
            (closing ? counters.droppedShutdown : counters.droppedRetriesExhausted).add(unsent.size());
        }
    }

    private void spoolWhatIsQueued() {
        try {
            for (List<BatchQueue.Entry> batch = queue.awaitBatch(batchSize, maxBatchBytes, Duration.ZERO);
                    !batch.isEmpty(); batch = queue.awaitBatch(batchSize, maxBatchBytes, Duration.ZERO)) {
                keepForLater(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counters.droppedShutdown.add(queue.drainAll().size());
        }
    }

    // The wait between retries: cut short by close().
    private boolean pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (pauseLock) {
            while (!closing) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return true;
                }
                try {
                    pauseLock.wait(remaining);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
