package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;

/** Every status PostHog can answer, against a loopback MockWebServer. */
class BatchSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAKE_KEY = "phc_test_not_a_real_key";

    private final MockWebServer server = new MockWebServer();
    private final SenderCounters counters = new SenderCounters();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final WireFormat format = new WireFormat("0.1.0", false);
    private final TestLedger ledger = new TestLedger();
    private final OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10)).followRedirects(false)
            .retryOnConnectionFailure(false).build();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        assertThat(ledger.ended).as("every call made was ended, so a discard can wait for it")
                .containsExactlyElementsOf(ledger.calls.stream().filter(call -> call.isExecuted()).toList());
        server.shutdown();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void aBatchIsPostedGzippedWithEveryField() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));

        sender(Clock.systemUTC()).send(batch("feature_used", "app_opened"), ledger);

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo("/batch/?compression=gzip-js");
        assertThat(request.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.getHeader("User-Agent")).isEqualTo("openjarvis-analytics-java/test");
        JsonNode body = body(request);
        assertThat(body.get("api_key").textValue()).isEqualTo(FAKE_KEY);
        assertThat(body.get("batch")).hasSize(2);
        assertThat(body.get("batch").get(0).get("properties").get("$lib").textValue())
                .isEqualTo("openjarvis-analytics-java");
        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(2);
    }

    @Test
    void aRetryKeepsTheUuidsButSendsAFreshSentAt() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(200));
        Clock ticking = new Clock() {
            private long seconds;

            @Override
            public Instant instant() {
                return Instant.parse("2026-11-25T00:00:00Z").plusSeconds(seconds++);
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };

        sender(ticking).send(batch("feature_used"), ledger);

        JsonNode first = body(server.takeRequest(5, TimeUnit.SECONDS));
        JsonNode second = body(server.takeRequest(5, TimeUnit.SECONDS));
        assertThat(second.get("sent_at")).isNotEqualTo(first.get("sent_at"));
        assertThat(second.get("batch").get(0).get("uuid")).isEqualTo(first.get("batch").get(0).get("uuid"));
        assertThat(counters.counts.get(PostHogCounter.RETRIED)).isEqualTo(1);
        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(1);
    }

    @Test
    void serverErrorsAndResetsAreRetriedUntilTheySucceed() {
        for (int status : new int[] {500, 502, 503, 504, 408}) {
            server.enqueue(new MockResponse().setResponseCode(status));
        }
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)); // a reset
        server.enqueue(new MockResponse().setResponseCode(200));

        sender(Clock.systemUTC()).send(batch("feature_used"), ledger);

        assertThat(counters.counts.get(PostHogCounter.RETRIED)).isEqualTo(6);
        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(7);
    }

    @Test
    void retryAfterIsHonouredAsAMinimum() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
        server.enqueue(new MockResponse().setResponseCode(200));

        sender(Clock.systemUTC()).send(batch("feature_used"), ledger);

        assertThat(pauses).containsExactly(Duration.ofSeconds(3));
        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(1);
    }

    @Test
    void retriesAreBoundedThenTheBatchIsHandedBackUnsent() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(new MockResponse().setResponseCode(503));
        }
        List<BatchQueue.Entry> batch = batch("a", "b");

        List<BatchQueue.Entry> unsent = sender(Clock.systemUTC(), 3).send(batch, ledger);

        assertThat(unsent).containsExactlyElementsOf(batch);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(counters.counts.get(PostHogCounter.SENT)
                + counters.counts.get(PostHogCounter.DROPPED_REJECTED)).isZero();
        assertThat(counters.lastStatus()).isEqualTo(503);
    }

    @Test
    void aBadRequestIsBisectedOnceToSaveTheGoodHalf() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(bodyText(request).contains("poison") ? 400 : 200);
            }
        });

        assertThat(sender(Clock.systemUTC()).send(batch("good1", "good2", "poison", "good3"), ledger)).isEmpty();

        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(2);
        assertThat(counters.counts.get(PostHogCounter.DROPPED_REJECTED)).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void payloadTooLargeHalvesUntilItFitsAndDropsASingleEventThatNeverDoes() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = bodyText(request);
                int events = body.split("\"uuid\"", -1).length - 1;
                return new MockResponse().setResponseCode(events > 2 || body.contains("huge") ? 413 : 200);
            }
        });

        sender(Clock.systemUTC()).send(batch("a", "b", "c", "d", "huge"), ledger);

        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(4);
        assertThat(counters.counts.get(PostHogCounter.DROPPED_REJECTED)).isEqualTo(1);
    }

    @Test
    void aRefusedKeyOpensTheCircuitAndNothingMoreIsSent() {
        server.enqueue(new MockResponse().setResponseCode(401));
        BatchSender sender = sender(Clock.systemUTC());

        sender.send(batch("a", "b"), ledger);
        sender.send(batch("c"), ledger);

        assertThat(counters.keyRefused()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(counters.counts.get(PostHogCounter.DROPPED_UNAUTHORIZED)).isEqualTo(3);
        assertThat(warnings).singleElement().asString().contains("HTTP 401").contains("****")
                .doesNotContain(FAKE_KEY);
    }

    @Test
    void aGarbageRetryAfterFallsBackToThePlainBackoffAndBodiesAreNeverRead() {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "soon, maybe never"));
        server.enqueue(new MockResponse().setResponseCode(200).setBody("x".repeat(8 * 1024 * 1024)));

        sender(Clock.systemUTC()).send(batch("a"), ledger);

        assertThat(pauses).containsExactly(Duration.ZERO);
        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(1);
    }

    @Test
    void aTrickleOfAReplyBodyCannotHoldTheSender() {
        // 1 MiB at 1 KiB a second would take 17 minutes to read; the sender reads none of it.
        server.enqueue(new MockResponse().setResponseCode(200).setBody("x".repeat(1 << 20))
                .throttleBody(1024, 1, TimeUnit.SECONDS));
        long start = System.nanoTime();

        assertThat(sender(Clock.systemUTC()).send(batch("a"), ledger)).isEmpty();

        assertThat(counters.counts.get(PostHogCounter.SENT)).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        server.enqueue(new MockResponse().setResponseCode(404));

        sender(Clock.systemUTC()).send(batch("a"), ledger);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(counters.counts.get(PostHogCounter.DROPPED_REJECTED)).isEqualTo(1);
    }

    @Test
    void aClosingSinkCutsTheRetryWaitShort() {
        server.enqueue(new MockResponse().setResponseCode(503));
        ledger.closing = true;

        assertThat(sender(Clock.systemUTC()).send(batch("a"), ledger)).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aBatchWithdrawnWhileItsCallIsInFlightIsCancelledAndNeitherRetriedNorRecorded() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        CompletableFuture<List<BatchQueue.Entry>> sending = CompletableFuture.supplyAsync(() ->
                sender(Clock.systemUTC()).send(batch("a", "b"), ledger));
        assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

        ledger.withdrawn = true; // as the sink does: withdraw, then cancel the call it was given
        ledger.calls.get(0).cancel();

        assertThat(sending.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(counters.counts.snapshot().values()).containsOnly(0L);
        assertThat(counters.lastError()).isEmpty();
    }

    @Test
    void aBatchWithdrawnBetweenTheHalvesOfASplitSendsNoMoreOfIt() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                ledger.withdrawn = server.getRequestCount() >= 2; // after the first half was answered
                return new MockResponse().setResponseCode(server.getRequestCount() == 1 ? 413 : 200);
            }
        });

        assertThat(sender(Clock.systemUTC()).send(batch("a", "b", "c", "d"), ledger)).isEmpty();

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(counters.counts.get(PostHogCounter.SENT)).isZero();
    }

    @Test
    void aStatusLineThatEchoesTheKeyWithControlCharactersIsKeptAsAShortPrintableSummary() {
        // The key split by a NUL, so that only the whole line, once cleaned, shows it.
        String echoed = FAKE_KEY.substring(0, 9) + "\u0000" + FAKE_KEY.substring(9);
        server.enqueue(new MockResponse().setStatus("XHTTP/1.1 200 OK your key is " + echoed
                + " \u001b[2J\u001b]0;pwned\u0007\r\u202e" + "x".repeat(10_000)));

        assertThat(sender(Clock.systemUTC(), 1).send(batch("a"), ledger)).hasSize(1);

        assertThat(counters.lastStatus()).isEqualTo(-1);
        assertThat(counters.lastError()).startsWith("ProtocolException: Unexpected status line: XHTTP/1.1 200 OK "
                + "your key is **** [2J]0;pwned").doesNotContain(FAKE_KEY).doesNotContain(FAKE_KEY.substring(9));
        assertThat(counters.lastError().length()).isLessThanOrEqualTo(BatchSender.MAX_ERROR_LENGTH);
        assertThat(counters.lastError().chars()).noneMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT);
    }

    @Test
    void headersThatEchoTheKeyOrHoldControlCharactersAreNeverKept() {
        server.enqueue(new MockResponse().setResponseCode(503).addHeaderLenient("X-Echo", FAKE_KEY + "\u0000\u001b")
                .addHeaderLenient("Retry-After", FAKE_KEY + "\u001b[2J"));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)); // a reset

        sender(Clock.systemUTC(), 2).send(batch("a"), ledger);

        assertThat(pauses).containsExactly(Duration.ZERO); // the garbage Retry-After was ignored
        assertThat(counters.lastStatus()).isEqualTo(-1);
        assertThat(counters.lastError()).isNotEmpty().doesNotContain(FAKE_KEY).doesNotContain("\u001b")
                .doesNotContain("\n");
    }

    private BatchSender sender(Clock clock) {
        return sender(clock, 7);
    }

    private BatchSender sender(Clock clock, int maxAttempts) {
        return new BatchSender(client, PostHogEndpoint.of(server.url("/").toString(), false), FAKE_KEY,
                "openjarvis-analytics-java/test", policy(maxAttempts), clock, counters, warnings::add);
    }

    /** The sink's side, recording the waits instead of sleeping them; withdrawn or closing when a test says so. */
    private final class TestLedger implements BatchSender.Ledger {
        volatile boolean withdrawn;
        volatile boolean closing;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final List<Call> ended = new CopyOnWriteArrayList<>();

        @Override
        public boolean begin(Call call) {
            calls.add(call);
            return !withdrawn;
        }

        @Override
        public void end(Call call) {
            ended.add(call);
        }

        @Override
        public boolean settle(PostHogCounter counter, int events) {
            if (withdrawn) {
                return false;
            }
            counters.counts.add(counter, events);
            return true;
        }

        @Override
        public boolean withdrawn() {
            return withdrawn;
        }

        @Override
        public boolean pause(Duration duration) {
            pauses.add(duration);
            return !closing && !withdrawn;
        }
    }

    private static RetryPolicy policy(int maxAttempts) {
        // No jitter and a 1 ms base keep the test fast; the waits themselves are recorded, not slept.
        return new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(30), maxAttempts, Duration.ofMinutes(5),
                () -> 0.0);
    }

    private List<BatchQueue.Entry> batch(String... names) {
        List<BatchQueue.Entry> batch = new ArrayList<>();
        for (String name : names) {
            AnalyticsEvent event = AnalyticsEvent.of(UUID.randomUUID(), name, "anon", Instant.EPOCH, Map.of());
            batch.add(new BatchQueue.Entry(format.event(event)));
        }
        return batch;
    }

    private static JsonNode body(RecordedRequest request) throws IOException {
        return JSON.readTree(gunzip(request));
    }

    private static String bodyText(RecordedRequest request) {
        try {
            return new String(gunzip(request), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(RecordedRequest request) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(request.getBody().clone()
                .readByteArray()))) {
            return in.readAllBytes();
        }
    }
}
