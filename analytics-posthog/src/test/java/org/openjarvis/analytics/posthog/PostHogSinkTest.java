package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.SinkStatus;

/**
 * The threaded sink against a loopback MockWebServer: batching, bounds, and shutdown within its deadline, with one
 * batch in flight at a time; {@link PipelinedPostHogSinkTest} runs every test again with several.
 */
class PostHogSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LONG_INTERVAL = Duration.ofHours(1);
    static final String KEY = "phc_test_not_a_real_key";
    private static final WireFormat FORMAT = new WireFormat("0.1.0", false);

    final MockWebServer server = new MockWebServer();
    PostHogSink sink;

    @TempDir
    Path root;
    private Path spoolDirectory;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    /** What the service would say of a spooled event; every event passes unless a test says otherwise. */
    private volatile SpoolGate gate = event -> SpoolGate.Admission.SEND;

    @BeforeEach
    void paths() {
        spoolDirectory = root.resolve("posthog~test"); // in spool.dir, as the component places it
    }

    @AfterEach
    void stop() throws IOException {
        if (sink != null) {
            sink.close(Duration.ofSeconds(1));
        }
        server.shutdown();
    }

    @Test
    void flushSendsWhatIsQueuedAsOneBatch() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5));

        for (int i = 0; i < 3; i++) {
            sink.deliver(event("feature_used"));
        }

        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(JSON.readTree(gunzip(server.takeRequest(5, TimeUnit.SECONDS))).get("batch")).hasSize(3);
        assertThat(sink.status().counters()).containsEntry("batched", 3L).containsEntry("sent", 3L)
                .containsEntry("unsent", 0L);
        assertThat(sink.status().health()).isEqualTo(SinkStatus.Health.OK);
        assertAccounting(3, 0, 3, 0, 0);
    }

    @Test
    void fullBatchesAreSentWithoutWaitingForTheInterval() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(200));
        }
        sink = sink(limits(100, 1 << 20, 2, 2, 5 << 20, LONG_INTERVAL), client(5));

        for (int i = 0; i < 4; i++) {
            sink.deliver(event("feature_used"));
        }

        assertThat(JSON.readTree(gunzip(server.takeRequest(10, TimeUnit.SECONDS))).get("batch")).hasSize(2);
        assertThat(JSON.readTree(gunzip(server.takeRequest(10, TimeUnit.SECONDS))).get("batch")).hasSize(2);
    }

    @Test
    void theIntervalSendsAPartialBatch() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, Duration.ofMillis(100)), client(5));

        sink.deliver(event("feature_used"));

        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aFullQueueDropsAndCountsWhileMemoryStaysBounded() throws Exception {
        int lanes = maxInFlight();
        sink = sink(limits(5, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(30));
        for (int lane = 0; lane < lanes; lane++) { // every lane hangs in a call
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
            sink.deliver(event("feature_used"));
            assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
        }

        for (int i = 0; i < 100; i++) {
            sink.deliver(event("feature_used"));
        }

        long kept = lanes + 5;
        assertThat(sink.status().counters()).containsEntry("batched", kept)
                .containsEntry("dropped_queue_full", 100 - 5L).containsEntry("unsent", kept);
        assertAccounting(100 + lanes, 0, 0, 95, kept);
    }

    @Test
    void aFlushSendsEveryBatchOfALongQueueWithoutWaitingForTheInterval() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(200));
        }
        sink = sink(limits(100, 1 << 20, 2, 2, 5 << 20, LONG_INTERVAL), client(5));
        for (int i = 0; i < 5; i++) {
            sink.deliver(event("feature_used"));
        }

        assertThat(sink.flush(Duration.ofSeconds(30))).as("answered by the sender, long before the interval").isTrue();

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sink.status().counters()).containsEntry("sent", 5L).containsEntry("unsent", 0L);
    }

    @Test
    void aDeepQueueIsSentInLargerBatches() throws Exception {
        List<Integer> batches = sendBehindAHeldFirstBatch(10 + 2_490, Integer.MAX_VALUE);

        // With batch.size alone it would have taken 249 requests.
        assertThat(batches).containsExactlyInAnyOrder(1_000, 1_000, 490);
        assertAccounting(10 + 2_490, 0, 10 + 2_490, 0, 0);
    }

    @Test
    void aLargeBatchRefusedAsTooLargeIsHalvedAndEachEventCountedOnce() throws Exception {
        List<Integer> batches = sendBehindAHeldFirstBatch(10 + 1_500, 500);

        assertThat(batches).containsExactlyInAnyOrder(1_000, 500, 500, 500);
        assertAccounting(10 + 1_500, 0, 10 + 1_500, 0, 0);
    }

    @Test
    void aShallowQueueKeepsBatchSize() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                batches.add(batchSize(request));
                return new MockResponse().setResponseCode(200);
            }
        });
        sink = sink(limits(10_000, 16 << 20, 10, 1_000, 5 << 20, LONG_INTERVAL), client(5));

        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < 10; i++) {
                sink.deliver(event("feature_used"));
            }
            int sent = round;
            await(() -> batches.size() == sent);
        }
        for (int i = 0; i < 3; i++) {
            sink.deliver(event("feature_used"));
        }
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(batches).containsExactly(10, 10, 3);
        assertAccounting(23, 0, 23, 0, 0);
    }

    // batch.size 10, batch.max.events 1000: a first batch of 10 is held at the server while the rest is queued (and,
    // with several lanes, taken in full batches meanwhile), then everything is flushed. Batches above
    // largestAccepted events are refused with 413. The sizes of the batches after the held one.
    private List<Integer> sendBehindAHeldFirstBatch(int events, int largestAccepted) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int size = batchSize(request);
                batches.add(size);
                release.await(10, TimeUnit.SECONDS);
                return new MockResponse().setResponseCode(size > largestAccepted ? 413 : 200);
            }
        });
        sink = sink(limits(10_000, 16 << 20, 10, 1_000, 5 << 20, LONG_INTERVAL), client(5));
        for (int i = 0; i < 10; i++) {
            sink.deliver(event("feature_used"));
        }
        await(() -> batches.size() == 1);
        for (int i = 10; i < events; i++) {
            sink.deliver(event("feature_used"));
        }

        release.countDown();

        assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(batches.get(0)).as("the held batch").isEqualTo(10);
        return batches.subList(1, batches.size());
    }

    private static int batchSize(RecordedRequest request) {
        try {
            return JSON.readTree(gunzip(request)).get("batch").size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFlushWaitingForABatchBetweenRetriesIsAnsweredByTheDiscard() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        sink = sink(limits(100, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(5), null,
                Duration.ofHours(1)); // the retry would wait an hour
        sink.deliver(event("feature_used"));
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
        awaitCounter("unsent", 1L);
        CompletableFuture<Boolean> flushed = CompletableFuture.supplyAsync(() -> sink.flush(Duration.ofHours(1)));

        assertThat(sink.discardPending()).isEqualTo(1);

        assertThat(flushed.get(10, TimeUnit.SECONDS)).as("nothing is unsent any more").isTrue();
    }

    @Test
    void aFlushThatRunsOutOfTimeSaysSoAndTheSinkStillClosesInTime() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        sink = sink(limits(100, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(60));
        sink.deliver(event("feature_used"));
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

        assertThat(sink.flush(Duration.ofMillis(100))).isFalse();

        sink.close(Duration.ofMillis(100));
        assertThat(sink.running()).isFalse();
        assertThat(sink.flush(Duration.ofSeconds(10))).as("the event was counted at shutdown: nothing unsent")
                .isTrue();
        sink = null;
    }

    @Test
    void closeReturnsWithinItsDeadlineAgainstAHostThatNeverAnswers() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        OkHttpClient client = client(60);
        sink = sink(limits(100, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client);
        sink.deliver(event("feature_used"));
        sink.deliver(event("feature_used"));
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

        long start = System.nanoTime();
        sink.close(Duration.ofMillis(500));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // The deadline is 500 ms; close also waits up to 1 s for the thread. A generous bound, no timing claim.
        assertThat(millis).isLessThan(5_000);
        assertThat(sink.running()).isFalse();
        assertThat(client.dispatcher().executorService().isShutdown()).isTrue();
        assertThat(sink.status().counters()).containsEntry("dropped_shutdown", 2L).containsEntry("unsent", 0L);
        assertAccounting(2, 0, 0, 2, 0);
        sink = null;
    }

    @Test
    void oversizedUnprintableAndDiscardedEventsAreCounted() {
        sink = sink(limits(100, 8 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5));

        sink.deliver(AnalyticsEvent.of(UUID.randomUUID(), "settings_changed", "anon", Instant.EPOCH,
                Map.of("setting_key", "x".repeat(PostHogSink.MAX_EVENT_BYTES))));
        sink.deliver(event("feature_used"));
        sink.deliver(event("feature_used"));

        sink.deliver(AnalyticsEvent.of(UUID.randomUUID(), "settings_changed", "anon", Instant.EPOCH,
                Map.of("setting_key", new Object() {
                    @Override
                    public String toString() {
                        throw new IllegalStateException("unprintable");
                    }
                })));

        assertThat(sink.discardPending()).isEqualTo(2);
        assertThat(sink.status().counters()).containsEntry("dropped_oversized", 1L)
                .containsEntry("discarded_consent", 2L).containsEntry("dropped_error", 1L).containsEntry("unsent", 0L);
        assertAccounting(4, 0, 0, 4, 0);
    }

    @Test
    void repeatedOpenAndCloseLeavesNoThreadsBehind() {
        for (int i = 0; i < 25; i++) {
            sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5))
                    .close(Duration.ofMillis(100));
        }

        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("openjarvis-analytics-posthog-"))).isEmpty();
    }

    @Test
    void aHundredSinksThatEachSentABatchEndTheirSenderAndItsCompressorOnClose() throws Exception {
        for (int i = 0; i < 100; i++) {
            server.enqueue(new MockResponse().setResponseCode(200));
            PostHogSink cycle = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5));
            cycle.deliver(event("feature_used"));
            assertThat(cycle.flush(Duration.ofSeconds(10))).isTrue();

            cycle.close(Duration.ofSeconds(1));

            // The sender thread ends its deflater as it ends: no native memory is left to the collector.
            assertThat(cycle.running()).isFalse();
            assertThat(cycle.status().counters()).containsEntry("sent", 1L);
        }
        assertThat(server.getRequestCount()).isEqualTo(100);
    }

    @Test
    void aBatchThatCannotBeSentIsSpooledAndSentOnceTheHostAnswersAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(503)); // every attempt of the first batch
        }
        server.enqueue(new MockResponse().setResponseCode(200)); // the next live batch
        server.enqueue(new MockResponse().setResponseCode(200)); // the spooled batch, sent after it
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5),
                spool());
        AnalyticsEvent early = event("feature_used");

        sink.deliver(early);
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.status().counters()).containsEntry("spooled", 1L).containsEntry("spool_files", 1L)
                .containsEntry("dropped_retries_exhausted", 0L);
        assertAccounting(1, 0, 0, 0, 1);

        AnalyticsEvent later = event("feature_used");
        sink.deliver(later);
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        for (int i = 0; i < 3; i++) {
            server.takeRequest(5, TimeUnit.SECONDS);
        }
        assertThat(uuids(server.takeRequest(5, TimeUnit.SECONDS))).containsExactly(later.uuid().toString());
        assertThat(uuids(server.takeRequest(5, TimeUnit.SECONDS))).containsExactly(early.uuid().toString());
        awaitCounter("spool_files", 0L);
        assertThat(sink.status().counters()).containsEntry("sent", 2L);
        assertAccounting(2, 0, 2, 0, 0);
    }

    @Test
    void whatIsQueuedAtCloseIsSpooledWithoutTheKeyAndResentAfterTheNextLiveBatch() throws Exception {
        for (int lane = 0; lane < maxInFlight(); lane++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        sink = sink(limits(100, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(60),
                spool());
        AnalyticsEvent inFlight = event("feature_used");
        AnalyticsEvent queued = event("feature_used");
        sink.deliver(inFlight);
        sink.deliver(queued);
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

        sink.close(Duration.ofMillis(300));
        assertThat(sink.status().counters()).containsEntry("spooled", 2L).containsEntry("dropped_shutdown", 0L);
        assertAccounting(2, 0, 0, 0, 2);
        for (int i = 1; i < server.getRequestCount(); i++) { // another lane's call, cancelled at close as well
            server.takeRequest(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.list(spoolDirectory)) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).doesNotContain("phc_");
            }
        }

        // A new sink, as after a restart: the spool waits until a live batch went through.
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200);
            }
        });
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5),
                spool());
        AnalyticsEvent live = event("feature_used");
        sink.deliver(live);
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(uuids(server.takeRequest(5, TimeUnit.SECONDS))).containsExactly(live.uuid().toString());
        List<String> resent = new ArrayList<>(uuids(server.takeRequest(5, TimeUnit.SECONDS)));
        resent.addAll(uuids(server.takeRequest(5, TimeUnit.SECONDS)));
        // One file each; with several lanes both were in flight at close, and either may have been spooled first.
        assertThat(resent).containsExactlyInAnyOrder(inFlight.uuid().toString(), queued.uuid().toString());
        awaitCounter("spool_files", 0L);
        assertAccounting(1, 2, 3, 0, 0); // the earlier run's two events enter the accounting as recovered
    }

    @Test
    void withdrawnConsentAlsoDeletesTheSpool() throws Exception {
        spool().write(List.of(new BatchQueue.Entry("{\"uuid\":\"u1\"}".getBytes(StandardCharsets.UTF_8)))); // left by an earlier run
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5),
                spool());
        sink.deliver(event("feature_used"));

        assertThat(sink.discardPending()).isEqualTo(2);
        assertThat(sink.status().counters()).containsEntry("discarded_consent", 2L).containsEntry("spool_files", 0L);
        assertThat(server.getRequestCount()).isZero();
        assertAccounting(1, 1, 0, 2, 0);
    }

    @Test
    void withdrawnConsentCancelsTheCallInFlightAndNothingOfItOrOfTheQueueIsSentOrSpooledLater() throws Exception {
        int lanes = maxInFlight();
        for (int lane = 0; lane < lanes; lane++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        server.enqueue(new MockResponse().setResponseCode(200));
        sink = sink(limits(100, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(60), spool());
        for (int lane = 0; lane < lanes; lane++) {
            sink.deliver(event("feature_used"));
            assertThat(server.takeRequest(10, TimeUnit.SECONDS)).as("a batch in flight on each lane").isNotNull();
        }
        sink.deliver(event("feature_used")); // queued behind them

        assertThat(sink.discardPending()).isEqualTo(lanes + 1);

        AnalyticsEvent afterwards = event("feature_used"); // consent given again
        sink.deliver(afterwards);
        assertThat(uuids(server.takeRequest(10, TimeUnit.SECONDS))).containsExactly(afterwards.uuid().toString());
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(lanes + 1);
        assertThat(sink.status().counters()).containsEntry("discarded_consent", lanes + 1L)
                .containsEntry("spooled", 0L).containsEntry("spool_files", 0L).containsEntry("sent", 1L);
        assertThat(sink.status().detail()).isEqualTo("last status 200"); // our own cancel is not the host's error
        assertAccounting(lanes + 2, 0, 1, lanes + 1, 0);
    }

    @Test
    void aDiscardReturnsOnlyOnceTheCancelledCallCameBackSoNothingOfItLeavesAfterwards() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // A request still being written when the discard comes: cancelling does not stop it at once.
        OkHttpClient writing = new OkHttpClient.Builder().addInterceptor(chain -> {
            sending.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add("request written");
            throw new IOException("cancelled half-way");
        }).build();
        sink = sink(limits(100, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), writing);
        sink.deliver(event("feature_used"));
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();

        Thread discard = new Thread(() -> {
            sink.discardPending();
            order.add("discard returned");
        });
        discard.start();
        await(() -> discard.getState() == Thread.State.TIMED_WAITING); // the discard waits for the call
        release.countDown();
        discard.join(10_000);

        assertThat(order).containsExactly("request written", "discard returned");
        assertThat(sink.status().counters()).containsEntry("discarded_consent", 1L).containsEntry("sent", 0L);
    }

    @Test
    void withdrawnConsentEndsTheWaitBetweenRetriesAndTheBatchIsNeitherRetriedNorSpooled() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(200));
        sink = sink(limits(100, 1 << 20, 1, 1, 5 << 20, LONG_INTERVAL), client(5), spool(),
                Duration.ofHours(1)); // the retry would wait an hour
        sink.deliver(event("feature_used"));
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
        awaitCounter("unsent", 1L);

        assertThat(sink.discardPending()).isEqualTo(1);

        AnalyticsEvent afterwards = event("feature_used");
        sink.deliver(afterwards);
        assertThat(uuids(server.takeRequest(10, TimeUnit.SECONDS))).as("the sender is waiting no more")
                .containsExactly(afterwards.uuid().toString());
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.status().counters()).containsEntry("retried", 0L).containsEntry("spooled", 0L);
        assertAccounting(2, 0, 1, 1, 0);
    }

    @Test
    void withdrawnConsentWhileASpooledBatchIsResentCancelsItAndDeletesItsFile() throws Exception {
        spool().write(List.of(spooledLine(event("feature_used")), spooledLine(event("feature_used"))));
        server.enqueue(new MockResponse().setResponseCode(200)); // the live batch
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE)); // the spooled one hangs
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(60), spool());
        sink.deliver(event("feature_used"));
        sink.flush(Duration.ZERO);
        server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(uuids(server.takeRequest(10, TimeUnit.SECONDS))).as("the spooled batch in flight").hasSize(2);

        assertThat(sink.discardPending()).isEqualTo(2);

        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(spoolFiles()).isEmpty();
        assertAccounting(1, 2, 1, 2, 0);
    }

    @Test
    void withdrawnConsentBeforeTheSenderRanDeletesAnEarlierRunsSpoolAndEverythingSetAside() throws IOException {
        spool().write(List.of(spooledLine(event("feature_used")), spooledLine(event("feature_used"))));
        for (String leftOver : List.of("0000000000000000007.jsonl.corrupt", "0000000000000000008.jsonl.rejected",
                "0000000000000000009.jsonl.tmp")) {
            Files.writeString(spoolDirectory.resolve(leftOver), "{\"event\":\"$identify\"}\n");
        }
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5), spool());

        assertThat(sink.discardPending()).isEqualTo(2);

        assertThat(spoolFiles()).isEmpty();
        assertThat(server.getRequestCount()).isZero();
        assertAccounting(0, 2, 0, 2, 0);
    }

    @Test
    void spooledEventsAreSentOnlyIfAdmittedAsLiveOnesAndReEncodedTheRestIsSetAsideAndCounted() throws Exception {
        AnalyticsEvent good = event("feature_used", Map.of("feature_name", "voice"));
        // The good line as a hand might have written it: same fields, other spacing. What is sent is re-encoded.
        String spaced = line(good).replace("\":", "\": ").replace(",\"", ", \"");
        List<String> planted = List.of(spaced,
                line(event("$identify", Map.of())),
                line(event("feature_used", Map.of("feature_name", "voice", "email", "jane@example.com"))),
                line(event("feature_used", Map.of("feature_name", "voice", "prompt", "my medical history"))),
                "{\"$set\":{\"email\":\"j@x.org\"}," + line(event("feature_used", Map.of())).substring(1),
                line(event("feature_used", Map.of())).replace("\"$geoip_disable\":true", "\"$geoip_disable\":false"),
                line(event("feature_used", Map.of())).replace("\"anon\"", "\"someone-else\""));
        Files.createDirectories(spoolDirectory);
        Files.writeString(spoolDirectory.resolve("0000000000000000001.jsonl"), String.join("\n", planted) + "\n");
        gate = event -> event.name().equals("feature_used") && event.distinctId().equals("anon")
                && Map.of("feature_name", "voice").entrySet().containsAll(event.properties().entrySet())
                        ? SpoolGate.Admission.SEND : SpoolGate.Admission.REJECT; // what admits() would say
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(new MockResponse().setResponseCode(200));
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5), spool());

        sink.deliver(event("feature_used"));
        sink.flush(Duration.ZERO);
        server.takeRequest(10, TimeUnit.SECONDS);
        RecordedRequest resent = server.takeRequest(10, TimeUnit.SECONDS);

        assertThat(uuids(resent)).containsExactly(good.uuid().toString());
        assertThat(new String(gunzip(resent), StandardCharsets.UTF_8))
                .contains("\"batch\":[" + new String(FORMAT.event(good), StandardCharsets.UTF_8) + "]")
                .doesNotContain("jane@").doesNotContain("medical").doesNotContain("$identify");
        awaitCounter("spool_files", 0L);
        assertThat(sink.status().counters()).containsEntry("dropped_spool_rejected", 6L);
        assertThat(Files.readString(spoolDirectory.resolve("0000000000000000001.jsonl.rejected")))
                .isEqualTo(String.join("\n", planted.subList(1, planted.size())) + "\n");
        assertThat(warnings).anySatisfy(warning -> assertThat(warning).startsWith("Set aside 6 spooled PostHog "
                + "events"));
        assertAccounting(1, 7, 2, 6, 0);
    }

    @Test
    void whileAnalyticsIsOffTheSpoolWaitsUntouchedAndIsSentOnceItIsOnAgain() throws Exception {
        AnalyticsEvent spooled = event("feature_used");
        spool().write(List.of(spooledLine(spooled)));
        List<AnalyticsEvent> asked = new CopyOnWriteArrayList<>();
        gate = event -> {
            asked.add(event);
            return SpoolGate.Admission.WAIT;
        };
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200);
            }
        });
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5), spool());
        sink.deliver(event("feature_used"));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        await(() -> !asked.isEmpty());
        awaitCounter("unsent", 0L);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sink.status().counters()).containsEntry("spool_files", 1L).containsEntry("spool_events", 1L)
                .containsEntry("dropped_spool_rejected", 0L);
        assertAccounting(1, 1, 1, 0, 1);

        gate = event -> SpoolGate.Admission.SEND;
        sink.deliver(event("feature_used"));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        awaitCounter("spool_files", 0L);
        assertAccounting(2, 1, 3, 0, 0);
    }

    @Test
    void aServerChosenStatusLineReachesTheStatusOnlyAsAShortPrintableSummaryWithoutTheKey() throws Exception {
        for (int i = 0; i < 3; i++) { // every attempt
            server.enqueue(new MockResponse().setStatus("XHTTP/1.1 200 OK your key is " + KEY
                    + "\u001b[31m\u0000\r" + "y".repeat(5_000)));
        }
        sink = sink(limits(100, 1 << 20, 100, 100, 5 << 20, LONG_INTERVAL), client(5));
        sink.deliver(event("feature_used"));
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        SinkStatus status = sink.status();

        assertThat(status.health()).isEqualTo(SinkStatus.Health.DEGRADED);
        assertThat(status.detail()).startsWith("last status none (I/O error: ProtocolException: Unexpected status "
                + "line: XHTTP/1.1 200 OK your key is ****").doesNotContain(KEY);
        assertThat(status.detail().length()).isLessThanOrEqualTo(PostHogSink.MAX_DETAIL_LENGTH);
        assertThat(status.toString()).doesNotContain(KEY).doesNotContain("\u001b").doesNotContain("\u0000")
                .doesNotContain("\r");
    }

    /** The sink's accounting has these totals, and balances. */
    void assertAccounting(long accepted, long recovered, long delivered, long dropped, long pending) {
        SinkStatus.Accounting accounting = sink.status().accounting().orElseThrow();
        assertThat(List.of(accounting.accepted(), accounting.recovered(), accounting.delivered(),
                accounting.droppedTotal(), accounting.pending())).as("accepted, recovered, delivered, dropped, "
                        + "pending: %s", accounting).containsExactly(accepted, recovered, delivered, dropped, pending);
        assertThat(accounting.balanced()).isTrue();
    }

    private void awaitCounter(String counter, long value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Long.valueOf(value).equals(sink.status().counters().get(counter)) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(sink.status().counters()).containsEntry(counter, value);
    }

    private static List<String> uuids(RecordedRequest request) throws IOException {
        assertThat(request).as("a request").isNotNull();
        List<String> uuids = new ArrayList<>();
        JSON.readTree(gunzip(request)).get("batch").forEach(event -> uuids.add(event.get("uuid").textValue()));
        return uuids;
    }

    /** How many batches the sinks of these tests send at once. */
    int maxInFlight() {
        return 1;
    }

    PostHogSink.Limits limits(int queueCapacity, long queueMaxBytes, int batchSize, int batchMaxEvents,
            long maxBatchBytes, Duration flushInterval) {
        return new PostHogSink.Limits(queueCapacity, queueMaxBytes, batchSize, batchMaxEvents, maxBatchBytes,
                flushInterval, maxInFlight());
    }

    PostHogSink sink(PostHogSink.Limits limits, OkHttpClient client) {
        return sink(limits, client, null);
    }

    private PostHogSink sink(PostHogSink.Limits limits, OkHttpClient client, BatchSpool spool) {
        return sink(limits, client, spool, Duration.ofMillis(1));
    }

    private PostHogSink sink(PostHogSink.Limits limits, OkHttpClient client, BatchSpool spool, Duration backoff) {
        RetryPolicy retries = new RetryPolicy(backoff, Duration.ofHours(1), 3, Duration.ofHours(1), () -> 1.0);
        return new PostHogSink("test", PostHogEndpoint.of(server.url("/").toString(), false),
                KEY, FORMAT, limits, retries, client, Clock.systemUTC(), "openjarvis-analytics-java/test", spool,
                event -> gate.admit(event), warnings::add);
    }

    private BatchSpool spool() {
        return new BatchSpool(spoolDirectory, 100, 1 << 20, warnings::add);
    }

    static OkHttpClient client(int readTimeoutSeconds) {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(readTimeoutSeconds)).followRedirects(false)
                .retryOnConnectionFailure(false).build();
    }

    static AnalyticsEvent event(String name) {
        return event(name, Map.of());
    }

    static AnalyticsEvent event(String name, Map<String, ?> properties) {
        return AnalyticsEvent.of(UUID.randomUUID(), name, "anon", Instant.EPOCH, properties);
    }

    private static String line(AnalyticsEvent event) {
        return new String(FORMAT.event(event), StandardCharsets.UTF_8);
    }

    private static BatchQueue.Entry spooledLine(AnalyticsEvent event) {
        return new BatchQueue.Entry(FORMAT.event(event));
    }

    private List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spoolDirectory)) {
            return files.toList();
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private static byte[] gunzip(RecordedRequest request) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(request.getBody().clone()
                .readByteArray()))) {
            return in.readAllBytes();
        }
    }
}
