package org.openjarvis.analytics.posthog;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends one batch to {@code /batch/}, following PostHog's status codes:
 *
 * <ul>
 * <li>2xx: sent.</li>
 * <li>408, 429, 5xx and I/O errors: retried by the {@link RetryPolicy}; a batch still unsent when the retries run
 * out or the sink closes is handed back to the caller, which spools it or counts it as dropped.</li>
 * <li>413: the batch is halved; a single event that is still too large is dropped as {@code dropped_rejected}.</li>
 * <li>400: one bisection saves the good half; what still fails is dropped as {@code dropped_rejected}.</li>
 * <li>401 and 403: the key is refused. The circuit opens: this batch and every later one is dropped as
 * {@code dropped_unauthorized} until the sink is reconfigured.</li>
 * </ul>
 *
 * Response bodies are never read, so a huge or slow body cannot hold the sender. Of the rest of a reply only the
 * status code and {@code Retry-After} are used; an I/O error is kept as its exception class and a
 * {@linkplain ApiKeys#scrub scrubbed} message, since a server chooses what a broken status line says.
 *
 * <p>Used by one thread, one of the sink's senders, which {@linkplain #close closes} it when it ends. The senders of
 * one sink share its {@link SenderCounters}, and with them the circuit.
 */
final class BatchSender {

    /**
     * The sink's side of one batch: where the outcome of each of its events is recorded, and how the batch is
     * withdrawn (consent) or cut short (close) while it is being sent. Once it is withdrawn, nothing more of it is
     * sent or recorded: whoever withdrew it counted what was left.
     */
    interface Ledger {
        /**
         * Makes {@code call} the batch's call in flight, which withdrawing the batch cancels; false, and the call
         * must not be made, if the batch was withdrawn.
         */
        boolean begin(Call call);

        /** The call made after {@link #begin} returned: nothing of it is being sent any more. */
        void end(Call call);

        /**
         * Records that {@code events} of the batch ended in {@code counter}; false, recording nothing, if withdrawn.
         */
        boolean settle(PostHogCounter counter, int events);

        boolean withdrawn();

        /** Waits between attempts; false if the wait was cut short: the sink is closing, or the batch was withdrawn. */
        boolean pause(Duration duration);
    }

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** The longest I/O error kept for the status. */
    static final int MAX_ERROR_LENGTH = 160;

    private final OkHttpClient client;
    private final HttpUrl url;
    private final String apiKey;
    private final byte[] batchStart;
    private final GzipBody gzip = new GzipBody(); // used by its sending thread only
    private final String userAgent;
    private final RetryPolicy retries;
    private final Clock clock;
    private final SenderCounters counters;
    private final Consumer<String> warnings;

    /** @param warnings told once per sink, with the key masked, when the key is refused */
    BatchSender(OkHttpClient client, PostHogEndpoint endpoint, String apiKey, String userAgent, RetryPolicy retries,
            Clock clock, SenderCounters counters, Consumer<String> warnings) {
        this.client = client;
        this.url = HttpUrl.get(endpoint.batchUri().toString()).newBuilder()
                .addQueryParameter("compression", "gzip-js").build();
        this.apiKey = apiKey;
        this.batchStart = WireFormat.batchStart(apiKey);
        this.userAgent = userAgent;
        this.retries = retries;
        this.clock = clock;
        this.counters = counters;
        this.warnings = warnings;
    }

    /** Frees the compressor's native memory; nothing may be sent afterwards. */
    void close() {
        gzip.close();
    }

    /**
     * Sends the batch, retrying and splitting as needed. Every event ends up settled in the {@code ledger} (sent, or
     * dropped for a reason), in the returned list (the events that failed for a passing reason and may be sent
     * later), or withdrawn with the batch.
     */
    List<BatchQueue.Entry> send(List<BatchQueue.Entry> batch, Ledger ledger) {
        List<BatchQueue.Entry> unsent = new ArrayList<>();
        send(batch, false, unsent, ledger);
        return unsent;
    }

    private void send(List<BatchQueue.Entry> batch, boolean bisected, List<BatchQueue.Entry> unsent, Ledger ledger) {
        Instant firstAttempt = clock.instant();
        for (int attempt = 1;; attempt++) {
            if (counters.keyRefused()) {
                ledger.settle(PostHogCounter.DROPPED_UNAUTHORIZED, batch.size());
                return;
            }
            Call call = client.newCall(request(batch));
            if (!ledger.begin(call)) {
                return;
            }
            int status;
            Optional<Duration> retryAfter = Optional.empty();
            try (Response response = call.execute()) {
                status = response.code();
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), clock.instant());
            } catch (IOException e) {
                if (ledger.withdrawn()) {
                    return; // our own cancel: not an error of the host
                }
                status = -1;
                counters.lastError(ApiKeys.scrub(e.getClass().getSimpleName() + ": " + e.getMessage(), apiKey,
                        MAX_ERROR_LENGTH));
            } finally {
                ledger.end(call);
            }
            counters.lastStatus(status);
            if (status >= 200 && status < 300) {
                ledger.settle(PostHogCounter.SENT, batch.size());
                return;
            }
            if (status == 401 || status == 403) {
                if (counters.refuseKey()) { // told before the batch is counted, once per sink
                    warnings.accept("PostHog refused the project API key " + ApiKeys.mask(apiKey) + " (HTTP " + status
                            + ") at " + url.host() + "; sending stopped until the configuration changes");
                }
                ledger.settle(PostHogCounter.DROPPED_UNAUTHORIZED, batch.size());
                return;
            }
            if (status == 413 || status == 400) {
                split(batch, status == 400, bisected, unsent, ledger);
                return;
            }
            if (status != -1 && !RetryPolicy.retryable(status)) {
                ledger.settle(PostHogCounter.DROPPED_REJECTED, batch.size());
                return;
            }
            if (!retries.mayRetry(attempt, firstAttempt, clock.instant())
                    || !ledger.pause(retries.backoff(attempt, retryAfter))) {
                unsent.addAll(batch);
                return;
            }
            counters.counts.increment(PostHogCounter.RETRIED);
        }
    }

    // 413 halves until single events; 400 bisects once, since a malformed event poisons only its own half.
    private void split(List<BatchQueue.Entry> batch, boolean badRequest, boolean bisected,
            List<BatchQueue.Entry> unsent, Ledger ledger) {
        if (batch.size() == 1 || (badRequest && bisected)) {
            ledger.settle(PostHogCounter.DROPPED_REJECTED, batch.size());
            return;
        }
        int middle = batch.size() / 2;
        send(new ArrayList<>(batch.subList(0, middle)), bisected || badRequest, unsent, ledger);
        send(new ArrayList<>(batch.subList(middle, batch.size())), bisected || badRequest, unsent, ledger);
    }

    private Request request(List<BatchQueue.Entry> batch) {
        // sent_at is set at each attempt: PostHog corrects clock skew with it.
        Instant sentAt = clock.instant();
        int length = gzip.compress(out -> WireFormat.batch(batchStart, batch, sentAt, out));
        // The body refers to the reused buffer, which is safe: the call is made and over before the next is built.
        return new Request.Builder().url(url).header("User-Agent", userAgent).header("Content-Encoding", "gzip")
                .post(RequestBody.create(gzip.buffer(), JSON, 0, length)).build();
    }
}
