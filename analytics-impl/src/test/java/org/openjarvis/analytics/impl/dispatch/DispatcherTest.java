package org.openjarvis.analytics.impl.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.testing.RecordingSink;
import org.openjarvis.analytics.impl.testing.RecordingThreads;

class DispatcherTest {

    private static final Consumer<AnalyticsEvent> IGNORED = event -> { };

    private final RecordingThreads threads = new RecordingThreads();
    private final Dispatcher dispatcher = new Dispatcher(new Limits(3, 10_000), IGNORED, threads);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        dispatcher.close(Duration.ofSeconds(1));
    }

    @Test
    void theBacklogIsDeliveredInOrderToTheFirstSinkBound() {
        List<AnalyticsEvent> sent = List.of(event(1), event(2), event(3));
        sent.forEach(e -> assertThat(dispatcher.dispatch(e, 100)).isEqualTo(CaptureResult.ACCEPTED));
        assertThat(dispatcher.backlogSize()).isEqualTo(3);

        RecordingSink sink = new RecordingSink();
        dispatcher.bind(sink, "late");

        assertThat(sink.awaitEvents(3)).containsExactlyElementsOf(sent);
        assertThat(dispatcher.backlogSize()).isZero();
    }

    @Test
    void theDefaultBoundsKeepABurstOfAHundredThousandTypicalEventsForASinkThatIsBusy() {
        AnalyticsSettings defaults = AnalyticsSettings.DEFAULTS;
        Dispatcher bounded = new Dispatcher(new Limits(defaults.backlogCapacity(), defaults.backlogMaxBytes()),
                IGNORED, threads);
        BlockingSink busy = new BlockingSink(release);
        bounded.bind(busy, "busy");
        try {
            for (int i = 0; i < 100_000; i++) {
                AnalyticsEvent event = AnalyticsEvent.of(UuidV7.at(i), "chat_session_ended", "anon",
                        Instant.ofEpochMilli(i), Map.of("engine", "ollama", "turn_count", 7, "tokens_in", 1234,
                                "tokens_out", 567, "duration_ms", 98765));
                assertThat(bounded.dispatch(event, EventSize.estimate(event))).as("event %d", i)
                        .isEqualTo(CaptureResult.ACCEPTED);
            }
        } finally {
            release.countDown();
            bounded.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void aFullBacklogRefusesByCountAndByBytes() {
        for (int i = 0; i < 3; i++) {
            dispatcher.dispatch(event(i), 100);
        }
        assertThat(dispatcher.dispatch(event(4), 100)).isEqualTo(CaptureResult.DROPPED_OVERFLOW);

        Dispatcher small = new Dispatcher(new Limits(100, 250), IGNORED);
        assertThat(small.dispatch(event(1), 200)).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(small.dispatch(event(2), 100)).isEqualTo(CaptureResult.DROPPED_OVERFLOW);
        assertThat(small.dispatch(event(3), 50)).as("exactly what is left of the bound").isEqualTo(CaptureResult.ACCEPTED);
        assertThat(small.dispatch(event(4), 1)).isEqualTo(CaptureResult.DROPPED_OVERFLOW);
        assertThat(small.close(Duration.ZERO)).isEqualTo(2);
        assertThat(small.backlogSize()).as("dropped, not kept").isZero();
    }

    @Test
    void aBlockedSinkNeitherBlocksTheCallerNorTheOtherSinks() {
        BlockingSink blocked = new BlockingSink(release);
        RecordingSink healthy = new RecordingSink();
        dispatcher.bind(blocked, "blocked");
        dispatcher.bind(healthy, "healthy");

        dispatcher.dispatch(event(0), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");
        for (int i = 1; i < 10; i++) {
            assertThat(dispatcher.dispatch(event(i), 100)).isEqualTo(CaptureResult.ACCEPTED);
            // Pace the producer to the healthy sink, so only the blocked sink's queue can fill up.
            healthy.awaitEvents(i + 1);
        }

        assertThat(healthy.events()).hasSize(10);
        SinkStatus blockedStatus = statusOf("blocked");
        // One event is stuck inside deliver(), three wait in its queue, the rest overflowed and were counted.
        assertThat(blockedStatus.counters()).containsEntry("pending", 3L).containsEntry("dropped_overflow", 6L);
        assertInvariant(blockedStatus, 1);
    }

    @Test
    void flushReturnsByItsDeadlineEvenWhenASinkBlocks() {
        dispatcher.bind(new BlockingSink(release), "blocked");
        dispatcher.dispatch(event(1), 100);

        long start = System.nanoTime();
        boolean complete = dispatcher.flush(Duration.ofMillis(200));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(complete).isFalse();
        assertThat(tookMillis).isLessThan(5_000);
    }

    @Test
    void aThrowingSinkIsCountedAndKeepsReceiving() {
        AnalyticsSink throwing = event -> {
            throw new IllegalStateException("boom");
        };
        dispatcher.bind(throwing, "throwing");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);

        assertThat(dispatcher.flush(Duration.ofSeconds(5))).isTrue();
        SinkStatus status = statusOf("throwing");
        assertThat(status.counters()).containsEntry("dropped_sink_error", 2L);
        assertThat(status.health()).isEqualTo(SinkStatus.Health.DEGRADED);
        assertThat(status.detail()).contains("boom");
        assertInvariant(status, 0);
    }

    @ParameterizedTest
    @CsvSource({"1, OK, false", "2, DEGRADED, true"})
    void theStatusReportsASinksErrorOnlyIfTheLastEventOfARunFailed(int failing, SinkStatus.Health health,
            boolean reported) {
        SinkStatus status = afterOneRunFailingAt(failing);

        assertThat(status.counters()).containsEntry("handed", 2L).containsEntry("dropped_sink_error", 1L);
        assertThat(status.health()).isEqualTo(health);
        assertThat(status.detail()).doesNotContain("boom 1");
        assertThat(status.detail().contains("deliver() threw java.lang.IllegalStateException: boom 2"))
                .isEqualTo(reported);
        assertInvariant(status, 0);
    }

    // Events 1 and 2 are queued while the sink holds event 0, so the worker hands all three over in one run; the
    // sink throws on event `failing`.
    private SinkStatus afterOneRunFailingAt(int failing) {
        CountDownLatch entered = new CountDownLatch(1);
        AnalyticsSink sink = event -> {
            long n = event.timestamp().toEpochMilli();
            if (n == 0) {
                entered.countDown();
                awaitUninterruptibly(release);
            }
            if (n == failing) {
                throw new IllegalStateException("boom " + n);
            }
        };
        dispatcher.bind(sink, "failing");
        dispatcher.dispatch(event(0), 100);
        RecordingSink.await(() -> entered.getCount() == 0, "the sink to hold event 0");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);

        release.countDown();

        assertThat(dispatcher.flush(Duration.ofSeconds(5))).isTrue();
        return statusOf("failing");
    }

    @Test
    void unbindHandsOverWhatIsQueuedFirst() {
        RecordingSink sink = new RecordingSink();
        dispatcher.bind(sink, "leaving");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);

        dispatcher.unbind(sink, Duration.ofSeconds(5));

        assertThat(sink.events()).hasSize(2);
        assertThat(dispatcher.sinkStatuses()).isEmpty();
        assertThat(dispatcher.dispatch(event(3), 100)).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(dispatcher.backlogSize()).isEqualTo(1);
    }

    @Test
    void unbindDoesNotMakeTheLeavingSinkFlush() {
        AtomicInteger flushes = new AtomicInteger();
        RecordingSink sink = new RecordingSink() {
            @Override
            public boolean flush(Duration timeout) {
                flushes.incrementAndGet(); // a sink whose host hangs would wait here, then again when closed
                return true;
            }
        };
        dispatcher.bind(sink, "leaving");
        dispatcher.dispatch(event(1), 100);

        dispatcher.unbind(sink, Duration.ofSeconds(5));

        assertThat(sink.events()).hasSize(1);
        assertThat(flushes).hasValue(0);
    }

    @Test
    void unbindCountsWhatABlockedSinkCouldNotTake() {
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "blocked");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");

        dispatcher.unbind(blocked, Duration.ofMillis(100));

        assertThat(dispatcher.droppedOnUnbind()).isEqualTo(1);
    }

    @Test
    void discardPendingEmptiesTheBacklogAndTheQueues() {
        dispatcher.dispatch(event(1), 100);
        assertThat(dispatcher.discardPending(Duration.ofSeconds(5)).backlog()).isEqualTo(1);

        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "blocked");
        dispatcher.dispatch(event(2), 100);
        dispatcher.dispatch(event(3), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");

        Dispatcher.Discarded discarded = dispatcher.discardPending(Duration.ofMillis(100));

        assertThat(discarded.backlog()).isZero();
        assertThat(discarded.sinks()).isEqualTo(1);
        SinkStatus status = statusOf("blocked");
        assertThat(status.counters()).containsEntry("dropped_consent", 1L).containsEntry("pending", 0L)
                .containsEntry("pending_bytes", 0L);
        assertInvariant(status, 1);
        assertThat(status.detail()).as("a sink still inside deliver() is named")
                .contains("did not return within 100 ms of consent being withdrawn");
    }

    @Test
    void discardedEventsGiveTheirRoomBack() {
        Dispatcher small = new Dispatcher(new Limits(3, 300), IGNORED, threads);
        try {
            BlockingSink blocked = new BlockingSink(release);
            small.bind(blocked, "blocked");
            small.dispatch(event(0), 100);
            RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");
            small.dispatch(event(1), 100);
            small.dispatch(event(2), 100);

            small.refuse();
            small.discardPending(Duration.ZERO);
            small.accept();

            assertThat(small.dispatch(event(3), 300)).as("as large as the byte bound, into an empty queue")
                    .isEqualTo(CaptureResult.ACCEPTED);
            assertThat(small.dispatch(event(4), 1)).isEqualTo(CaptureResult.DROPPED_OVERFLOW);
            SinkStatus status = small.sinkStatuses().get(0);
            assertThat(status.counters()).containsEntry("pending", 1L).containsEntry("pending_bytes", 300L);
            assertInvariant(status, 1);
        } finally {
            small.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void closingAChannelCountsWhatItCouldNotHandOverAndEmptiesItsQueue() {
        BlockingSink blocked = new BlockingSink(release);
        SinkChannel channel = new SinkChannel("blocked", blocked, () -> new Limits(3, 10_000), threads);
        for (int i = 0; i < 3; i++) {
            assertThat(channel.offer(new QueuedEvent(event(i), 100))).isEqualTo(SinkChannel.Offer.ENQUEUED);
        }
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");

        assertThat(channel.close(Duration.ofMillis(100))).isEqualTo(2);
        // The close interrupts the worker; this sink returns from deliver() then, and the worker ends.
        RecordingSink.await(() -> threads.alive() == 0, "the worker to end");

        SinkStatus status = channel.status();
        assertThat(status.counters()).containsEntry("dropped_unbound", 2L).containsEntry("handed", 1L)
                .containsEntry("pending", 0L).containsEntry("pending_bytes", 0L);
        assertInvariant(status, 0);
        assertThat(channel.offer(new QueuedEvent(event(4), 100))).isEqualTo(SinkChannel.Offer.REFUSED);
    }

    @Test
    void onceItsChannelIsClosedAWorkerStopsAtAnInterruptInsteadOfHandingOverMore() throws InterruptedException {
        List<AnalyticsEvent> received = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        AnalyticsSink interrupted = event -> {
            received.add(event);
            entered.countDown();
            awaitUninterruptibly(release);
            Thread.currentThread().interrupt(); // returns with its thread interrupted, as after the close's interrupt
        };
        SinkChannel channel = new SinkChannel("closing", interrupted, () -> new Limits(3, 10_000), threads);
        channel.offer(new QueuedEvent(event(0), 100));
        RecordingSink.await(() -> entered.getCount() == 0, "the sink to block");
        for (int i = 1; i <= 3; i++) {
            assertThat(channel.offer(new QueuedEvent(event(i), 100))).isEqualTo(SinkChannel.Offer.ENQUEUED);
        }
        AtomicLong dropped = new AtomicLong(-1);
        Thread closing = new Thread(() -> dropped.set(channel.close(Duration.ofSeconds(1))));
        closing.start();
        // The queue is full: an offer is refused for room until the channel is closed, then refused outright.
        RecordingSink.await(() -> channel.offer(new QueuedEvent(event(9), 100)) == SinkChannel.Offer.REFUSED,
                "the channel to be closed");

        release.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(dropped).as("the three still queued, none handed over after the interrupt").hasValue(3);
        assertThat(received).hasSize(1);
        RecordingSink.await(() -> threads.alive() == 0, "the worker to end");
    }

    @Test
    void anEventQueuedBeforeConsentWasWithdrawnIsNeverHandedOverAfterItIsGivenAgain() {
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "blocked");
        AnalyticsEvent first = event(1);
        AnalyticsEvent afterwards = event(3);
        dispatcher.dispatch(first, 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");
        dispatcher.dispatch(event(2), 100);

        // What a discard cannot find: an event the worker has already taken from the queue. Here the discard is
        // left out altogether, and consent comes back before the worker reaches the event.
        dispatcher.refuse();
        dispatcher.accept();
        dispatcher.dispatch(afterwards, 100);
        release.countDown();

        RecordingSink.await(() -> statusOf("blocked").counters().get("pending") == 0, "the queue to empty");
        assertThat(blocked.delivered).containsExactly(first.uuid(), afterwards.uuid());
        assertThat(statusOf("blocked").counters()).containsEntry("dropped_consent", 1L);
    }

    @Test
    void anEventInsideTheSinkWhenConsentIsWithdrawnIsLeftToTheSinksDiscardAndNothingQueuedFollowsIt()
            throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        AnalyticsSink slow = new AnalyticsSink() {
            @Override
            public void deliver(AnalyticsEvent event) {
                calls.add("deliver");
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                calls.add("returned");
            }

            @Override
            public long discardPending() {
                calls.add("discardPending");
                return 1;
            }
        };
        dispatcher.bind(slow, "slow");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        dispatcher.refuse();
        CompletableFuture<Dispatcher.Discarded> discard = CompletableFuture.supplyAsync(
                () -> dispatcher.discardPending(Duration.ofSeconds(30)));
        release.countDown();

        discard.get(10, TimeUnit.SECONDS);
        assertThat(calls).as("the sink's discard comes after the event it held").containsExactly("deliver",
                "returned", "discardPending");
        assertThat(statusOf("slow").counters()).containsEntry("dropped_consent", 1L).containsEntry("handed", 1L);
    }

    @Test
    void aSinkThatOutlivesItsBindingIsAccountedFromItsNewBindingOn() {
        HoldingSink holding = new HoldingSink();
        dispatcher.bind(holding, "holding");
        for (int i = 0; i < 3; i++) {
            dispatcher.dispatch(event(i), 100);
        }
        RecordingSink.await(() -> holding.received.get() == 3, "three events at the sink");
        dispatcher.unbind(holding, Duration.ofSeconds(5)); // it keeps the three, as a sink with a queue would

        Dispatcher restarted = new Dispatcher(new Limits(3, 10_000), IGNORED); // the service restarted
        restarted.bind(holding, "holding");
        restarted.dispatch(event(4), 100);
        RecordingSink.await(() -> holding.received.get() == 4, "the fourth event at the sink");
        SinkStatus.Accounting before = restarted.sinkStatuses().get(0).accounting().orElseThrow();
        holding.deliverAll();
        SinkStatus.Accounting after = restarted.sinkStatuses().get(0).accounting().orElseThrow();
        restarted.close(Duration.ofSeconds(1));

        assertThat(List.of(before.accepted(), before.recovered(), before.delivered(), before.pending()))
                .as("accepted, recovered (held from the earlier binding), delivered, pending")
                .containsExactly(1L, 3L, 0L, 4L);
        assertThat(List.of(after.accepted(), after.recovered(), after.delivered(), after.pending()))
                .containsExactly(1L, 3L, 4L, 0L);
        assertThat(before.balanced()).isTrue();
        assertThat(after.balanced()).isTrue();
    }

    @Test
    void aSinkThatAlreadyDeliveredRecoveredAndDroppedIsAccountedOnlyForWhatFollowsItsBinding() {
        SettableAccountingSink sink = new SettableAccountingSink();
        // Balanced at bind time: 10 accepted and 2 recovered = 7 delivered, 3 dropped and 2 pending.
        sink.accounting = new SinkStatus.Accounting(10, 2, 7, Map.of("rejected", 3L), 2);
        dispatcher.bind(sink, "restarted");
        for (int i = 0; i < 3; i++) {
            assertThat(dispatcher.dispatch(event(i), 100)).isEqualTo(CaptureResult.ACCEPTED);
        }
        assertThat(dispatcher.flush(Duration.ofSeconds(5))).isTrue();
        // Since then: the 3 handed over arrived, 1 more was recovered from a spool, 5 more were delivered (the 2
        // pending, 2 of the new ones and the recovered one), 1 more rejected and 0 more exhausted (a new reason).
        sink.accounting = new SinkStatus.Accounting(13, 3, 12, Map.of("rejected", 4L, "retries_exhausted", 0L), 0);

        SinkStatus.Accounting joined = statusOf("restarted").accounting().orElseThrow();

        assertThat(List.of(joined.accepted(), joined.recovered(), joined.delivered(), joined.pending()))
                .as("accepted here; recovered since, plus what was pending at binding; delivered since; pending")
                .containsExactly(3L, 3L, 5L, 0L);
        assertThat(joined.dropped()).containsEntry("rejected", 1L).containsEntry("retries_exhausted", 0L)
                .containsEntry("overflow", 0L);
        assertThat(joined.balanced()).isTrue();
    }

    @Test
    void theHookHearsOfEachEventOnceASinksQueueTookItTheBacklogsAtBind() {
        List<AnalyticsEvent> heard = new CopyOnWriteArrayList<>();
        Dispatcher small = new Dispatcher(new Limits(1, 1_000_000), heard::add, threads);
        try {
            AnalyticsEvent fromBacklog = event(0);
            small.dispatch(fromBacklog, 100);
            assertThat(heard).as("in the backlog: no sink's queue has it yet").isEmpty();
            CountDownLatch release = new CountDownLatch(1);
            BlockingSink sink = new BlockingSink(release);
            small.bind(sink, "s");
            assertThat(heard).containsExactly(fromBacklog);
            // The worker holds the first event; the queue has room for one more.
            RecordingSink.await(() -> sink.entered.getCount() == 0, "the sink to block");

            AnalyticsEvent queued = event(1);
            assertThat(small.dispatch(queued, 100)).isEqualTo(CaptureResult.ACCEPTED);
            assertThat(small.dispatch(event(2), 100)).isEqualTo(CaptureResult.DROPPED_OVERFLOW);

            assertThat(heard).as("not the one no queue took").containsExactly(fromBacklog, queued);
            release.countDown();
        } finally {
            small.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aDiscardCountsTheBacklogAndTheSinksTogether() {
        assertThat(new Dispatcher.Discarded(2, 3).total()).isEqualTo(5);
    }

    @Test
    void closeStopsEveryWorkerThread() {
        dispatcher.bind(new RecordingSink(), "a");
        dispatcher.bind(new RecordingSink(), "b");
        assertThat(threads.alive()).isEqualTo(2);

        dispatcher.close(Duration.ofSeconds(5));

        RecordingSink.await(() -> threads.alive() == 0, "worker threads to end");
        assertThat(threads.uncaught()).as("each worker ended by returning, not by throwing").isEmpty();
    }

    @Test
    void aSinksByteBoundHoldsAfterRefusalsByCount() {
        Dispatcher small = new Dispatcher(new Limits(2, 250), IGNORED);
        try {
            BlockingSink blocked = new BlockingSink(release);
            small.bind(blocked, "only");
            small.dispatch(event(0), 100);
            RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");
            int accepted = 1;
            for (int i = 1; i <= 12; i++) {
                accepted += small.dispatch(event(i), 100) == CaptureResult.ACCEPTED ? 1 : 0;
            }
            assertThat(accepted).as("the two the queue holds, and the one in the sink").isEqualTo(3);
            release.countDown();
            int handed = accepted;
            // The channel releases an event's room as it hands it over: once taken, the queue holds nothing.
            RecordingSink.await(() -> blocked.delivered.size() == handed, "the sink to take what was queued");

            assertThat(small.dispatch(event(20), 300)).as("larger than the byte bound")
                    .isEqualTo(CaptureResult.DROPPED_OVERFLOW);
            assertThat(small.dispatch(event(21), 250)).as("as large as the bound").isEqualTo(CaptureResult.ACCEPTED);
        } finally {
            small.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void anEventRefusedByAFullSinkIsCountedOnce() {
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "only");
        dispatcher.dispatch(event(0), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");
        for (int i = 1; i <= 3; i++) {
            assertThat(dispatcher.dispatch(event(i), 100)).isEqualTo(CaptureResult.ACCEPTED);
        }

        assertThat(dispatcher.dispatch(event(4), 100)).isEqualTo(CaptureResult.DROPPED_OVERFLOW);

        SinkStatus status = statusOf("only");
        assertThat(status.counters()).containsEntry("dropped_overflow", 1L);
        assertThat(status.accounting().orElseThrow().accepted()).as("five events offered").isEqualTo(5);
        assertInvariant(status, 1);
    }

    @Test
    void whileRefusingNothingEntersAQueueAndAcceptingResumes() {
        RecordingSink bound = new RecordingSink();
        dispatcher.bind(bound, "bound");

        dispatcher.refuse();
        assertThat(dispatcher.dispatch(event(1), 100)).isEqualTo(CaptureResult.DISABLED);
        RecordingSink late = new RecordingSink();
        dispatcher.bind(late, "late"); // bound while refusing: refuses too
        assertThat(dispatcher.dispatch(event(2), 100)).isEqualTo(CaptureResult.DISABLED);
        assertThat(dispatcher.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(bound.events()).isEmpty();
        assertThat(late.events()).isEmpty();
        assertThat(statusOf("bound").accounting().orElseThrow().accepted()).as("refusals are the service's")
                .isZero();

        dispatcher.accept();
        AnalyticsEvent third = event(3);
        assertThat(dispatcher.dispatch(third, 100)).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(bound.awaitEvents(1)).containsExactly(third);
        assertThat(late.awaitEvents(1)).containsExactly(third);
    }

    @Test
    void afterCloseEventsAreRefusedInsteadOfWaitingForASinkThatWillNeverCome() {
        dispatcher.bind(new RecordingSink(), "s");
        dispatcher.close(Duration.ofSeconds(1));

        assertThat(dispatcher.dispatch(event(1), 100)).isEqualTo(CaptureResult.DISABLED);
        assertThat(dispatcher.backlogSize()).isZero();
    }

    @Test
    void aWorkerEndsOnceItsSinkReturnsEvenIfTheSinkSwallowedTheInterrupt() {
        CountDownLatch entered = new CountDownLatch(1);
        AnalyticsSink stubborn = event -> {
            entered.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException swallowed) {
                    // a sink that ignores interrupts and keeps waiting for its host
                }
            }
        };
        dispatcher.bind(stubborn, "stubborn");
        dispatcher.dispatch(event(1), 100);
        RecordingSink.await(() -> entered.getCount() == 0, "the sink to block");
        dispatcher.unbind(stubborn, Duration.ofMillis(100));
        assertThat(threads.alive()).as("still inside deliver()").isEqualTo(1);

        release.countDown();

        RecordingSink.await(() -> threads.alive() == 0, "the worker to end after deliver() returned");
    }

    @Test
    void timedOutFlushRequestsDoNotPileUpBehindAHangingSink() {
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "hanging");
        dispatcher.dispatch(event(0), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");

        for (int i = 0; i < 10_000; i++) {
            assertThat(dispatcher.flush(Duration.ZERO)).isFalse();
        }
        release.countDown();
        assertThat(dispatcher.flush(Duration.ofSeconds(5))).isTrue();

        // Requests whose callers stopped waiting were taken back: the sink is asked to flush once, not 10 001 times.
        assertThat(blocked.flushes.get()).isEqualTo(1);
    }

    @Test
    void aSinkIsAskedToFlushWithinWhatIsLeftOfTheFlushTimeout() {
        List<Duration> asked = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public boolean flush(Duration timeout) {
                asked.add(timeout);
                return true;
            }
        };
        dispatcher.bind(sink, "s");
        dispatcher.dispatch(event(1), 100);

        assertThat(dispatcher.flush(Duration.ofSeconds(5))).isTrue();

        assertThat(asked).singleElement().satisfies(timeout -> assertThat(timeout).as("never beyond the caller's")
                .isBetween(Duration.ZERO, Duration.ofSeconds(5)));
    }

    @Test
    void aFlushWithAnEnormousOrNegativeTimeoutNeitherThrowsNorOverflows() {
        RecordingSink sink = new RecordingSink();
        dispatcher.bind(sink, "s");
        dispatcher.dispatch(event(1), 100);

        assertThat(dispatcher.flush(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
        assertThatCode(() -> dispatcher.flush(Duration.ofMillis(-5))).doesNotThrowAnyException();
        assertThatCode(() -> dispatcher.flush(Duration.ofSeconds(Long.MIN_VALUE))).doesNotThrowAnyException();
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void theBacklogGivesItsRoomBackOnceTheFirstSinkTookIt() {
        Dispatcher small = new Dispatcher(new Limits(100, 250), IGNORED, threads);
        try {
            assertThat(small.dispatch(event(1), 250)).as("the whole byte bound").isEqualTo(CaptureResult.ACCEPTED);
            RecordingSink sink = new RecordingSink();
            small.bind(sink, "s");
            sink.awaitEvents(1);
            small.unbind(sink, Duration.ofSeconds(5));

            assertThat(small.dispatch(event(2), 250)).as("the whole bound again, in the emptied backlog")
                    .isEqualTo(CaptureResult.ACCEPTED);
            assertThat(small.backlogSize()).isEqualTo(1);
        } finally {
            small.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aSinkBoundAfterCloseIsHandedNothing() {
        dispatcher.close(Duration.ofSeconds(1));
        RecordingSink late = new RecordingSink();

        dispatcher.bind(late, "late");

        assertThat(dispatcher.dispatch(event(1), 100)).isEqualTo(CaptureResult.DISABLED);
        assertThat(dispatcher.sinkStatuses()).singleElement()
                .satisfies(status -> assertThat(status.counters()).containsEntry("enqueued", 0L));
        assertThat(late.events()).isEmpty();
    }

    @Test
    void closeCountsWhatABlockedSinkCouldNotTakeAsDroppedOnUnbind() {
        CountDownLatch entered = new CountDownLatch(1);
        AnalyticsSink stubborn = event -> {
            entered.countDown();
            awaitUninterruptibly(release); // not even the close's interrupt makes it return
        };
        dispatcher.bind(stubborn, "stubborn");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);
        RecordingSink.await(() -> entered.getCount() == 0, "the sink to block");

        assertThat(dispatcher.close(Duration.ofMillis(100))).as("nothing was waiting for a first sink").isZero();

        assertThat(dispatcher.droppedOnUnbind()).as("the event queued behind the one inside deliver()").isEqualTo(1);
    }

    @Test
    void aDiscardWaitsForTheEventInsideTheSinkBeforeAskingTheSinkToDiscard() throws InterruptedException {
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        AtomicReference<Thread> discarding = new AtomicReference<>();
        AnalyticsSink slow = new AnalyticsSink() {
            @Override
            public void deliver(AnalyticsEvent event) {
                calls.add("deliver");
                inside.countDown();
                // Stay inside until the discard is waiting for this call to return, or has gone on without waiting.
                RecordingSink.await(() -> calls.contains("discardPending") || waiting(discarding.get()),
                        "the discard to wait for deliver() or to go on");
                calls.add("returned");
            }

            @Override
            public long discardPending() {
                calls.add("discardPending");
                return 3; // what it held: the event it was handed, and two from an earlier run
            }
        };
        dispatcher.bind(slow, "slow");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        dispatcher.refuse();

        AtomicReference<Dispatcher.Discarded> discarded = new AtomicReference<>();
        Thread discard = new Thread(() -> discarded.set(dispatcher.discardPending(Duration.ofSeconds(30))));
        discarding.set(discard);
        discard.start();
        discard.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(discard.isAlive()).as("the discard ended once deliver() returned").isFalse();
        assertThat(calls).containsExactly("deliver", "returned", "discardPending");
        assertThat(discarded.get().sinks()).as("one from the queue, three the sink discarded").isEqualTo(4);
        SinkStatus status = statusOf("slow");
        assertThat(status.health()).as("the sink returned in time").isEqualTo(SinkStatus.Health.OK);
        assertThat(status.counters()).containsEntry("handed", 1L).containsEntry("dropped_consent", 1L);
    }

    @Test
    void aDiscardOnAnInterruptedThreadStopsWaitingForTheSinkAndKeepsTheInterrupt() {
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "blocked");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");
        dispatcher.refuse();

        Dispatcher.Discarded discarded;
        boolean interrupted;
        Thread.currentThread().interrupt();
        try {
            discarded = dispatcher.discardPending(Duration.ofHours(1));
        } finally {
            interrupted = Thread.interrupted();
        }

        assertThat(interrupted).isTrue();
        assertThat(discarded.sinks()).isEqualTo(1);
        assertThat(statusOf("blocked").detail()).contains("did not return within");
    }

    @Test
    void aFlushWaitingBehindABlockedSinkIsAnsweredOnceConsentIsWithdrawn() throws InterruptedException {
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "blocked");
        dispatcher.dispatch(event(1), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");
        AtomicReference<Boolean> complete = new AtomicReference<>();
        Thread flush = new Thread(() -> complete.set(dispatcher.flush(Duration.ofHours(1))));
        flush.start();
        RecordingSink.await(() -> waiting(flush), "the flush to wait behind the blocked sink");

        dispatcher.refuse();
        dispatcher.discardPending(Duration.ZERO);
        flush.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(flush.isAlive()).as("the flush was answered, not left waiting for an hour").isFalse();
        assertThat(complete).hasValue(false);
    }

    @Test
    void aFlushOnAnInterruptedThreadAnswersFalseAndKeepsTheInterrupt() {
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "blocked");
        dispatcher.dispatch(event(1), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");

        boolean complete;
        boolean interrupted;
        Thread.currentThread().interrupt();
        try {
            complete = dispatcher.flush(Duration.ofHours(1));
        } finally {
            interrupted = Thread.interrupted();
        }

        assertThat(complete).isFalse();
        assertThat(interrupted).isTrue();
    }

    @Test
    void anUnbindOnAnInterruptedThreadStillStopsTheWorkerAndKeepsTheInterrupt() {
        // Blocked in deliver(), so that the unbind has a live worker to wait for, and is interrupted waiting.
        BlockingSink blocked = new BlockingSink(release);
        dispatcher.bind(blocked, "leaving");
        dispatcher.dispatch(event(1), 100);
        RecordingSink.await(() -> blocked.entered.getCount() == 0, "the sink to block");

        boolean interrupted;
        Thread.currentThread().interrupt();
        try {
            dispatcher.unbind(blocked, Duration.ofSeconds(5));
        } finally {
            interrupted = Thread.interrupted();
        }

        assertThat(interrupted).isTrue();
        assertThat(dispatcher.sinkStatuses()).isEmpty();
        RecordingSink.await(() -> threads.alive() == 0, "the worker to end");
    }

    @Test
    void aClosedChannelAnswersAFlushRequestAtOnce() throws Exception {
        SinkChannel channel = new SinkChannel("closed", new RecordingSink(), () -> new Limits(3, 10_000), threads);
        assertThat(channel.close(Duration.ofSeconds(5))).isZero();

        FlushRequest request = channel.requestFlush(Deadline.after(Duration.ofHours(1)));

        assertThat(CompletableFuture.supplyAsync(request::await).get(10, TimeUnit.SECONDS))
                .as("answered, not left waiting for an hour for a worker that has stopped").isFalse();
    }

    @Test
    void eachSinkIsFedByItsOwnNamedDaemonThread() {
        dispatcher.bind(new RecordingSink(), "file");
        dispatcher.bind(new RecordingSink(), "posthog-us");

        assertThat(threads.threads()).extracting(Thread::getName)
                .containsExactly("openjarvis-analytics-sink-file", "openjarvis-analytics-sink-posthog-us");
        // A sink stuck in deliver() keeps its thread; as a daemon, it never keeps the JVM from exiting.
        assertThat(threads.threads()).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
    }

    @Test
    void aSinksOwnCountersFollowTheCountersOfItsQueue() {
        dispatcher.bind(new AnalyticsSink() {
            @Override
            public void deliver(AnalyticsEvent event) {
            }

            @Override
            public SinkStatus status() {
                return SinkStatus.of("", SinkStatus.Health.OK, "", Map.of("written", 7L));
            }
        }, "counting");

        assertThat(statusOf("counting").counters().keySet()).containsExactly("enqueued", "handed",
                "dropped_overflow", "dropped_sink_error", "dropped_unbound", "dropped_consent", "pending",
                "pending_bytes", "written");
        assertThat(statusOf("counting").counters()).containsEntry("written", 7L);
    }

    @Test
    void aSinkWithoutAccountingWhenBoundIsAccountedAsDeliveringWhatItWasHanded() {
        AtomicBoolean started = new AtomicBoolean();
        AnalyticsSink late = new AnalyticsSink() {
            @Override
            public void deliver(AnalyticsEvent event) {
            }

            @Override
            public SinkStatus status() {
                if (!started.get()) {
                    throw new IllegalStateException("not started yet");
                }
                // Counts from before this binding, which cannot be told apart from what follows it.
                return SinkStatus.of("", SinkStatus.Health.OK, "", Map.of(),
                        new SinkStatus.Accounting(50, 0, 40, Map.of("rejected", 5L), 5));
            }
        };
        dispatcher.bind(late, "late");
        dispatcher.dispatch(event(1), 100);
        dispatcher.dispatch(event(2), 100);
        assertThat(dispatcher.flush(Duration.ofSeconds(5))).isTrue();
        started.set(true);

        SinkStatus.Accounting accounting = statusOf("late").accounting().orElseThrow();

        assertThat(List.of(accounting.accepted(), accounting.recovered(), accounting.delivered(),
                accounting.pending())).as("accepted, recovered, delivered, pending").containsExactly(2L, 0L, 2L, 0L);
        assertThat(accounting.balanced()).isTrue();
    }

    @Test
    void noEventDispatchedWhileTheFirstSinkIsBeingBoundIsRefused() throws InterruptedException {
        Dispatcher roomy = new Dispatcher(new Limits(1_000_000, Long.MAX_VALUE / 2), IGNORED, threads);
        AtomicLong received = new AtomicLong();
        AnalyticsSink counting = event -> received.incrementAndGet();
        AnalyticsEvent one = event(1);
        try {
            // A large backlog keeps bind() busy handing it over, while the producer keeps dispatching: events it
            // offers meanwhile, to no sink yet, must reach the sink that is being bound.
            for (int i = 0; i < 200_000; i++) {
                roomy.dispatch(one, 1);
            }
            AtomicLong dispatched = new AtomicLong();
            List<CaptureResult> refused = new CopyOnWriteArrayList<>();
            CountDownLatch bound = new CountDownLatch(1);
            Thread producer = new Thread(() -> {
                // Bounded, so that a test thread held up before it binds cannot let the backlog fill.
                while (bound.getCount() > 0 && dispatched.get() < 300_000) {
                    CaptureResult result = roomy.dispatch(one, 1);
                    dispatched.incrementAndGet();
                    if (result != CaptureResult.ACCEPTED) {
                        refused.add(result);
                    }
                }
            });
            producer.start();
            RecordingSink.await(() -> dispatched.get() > 100, "the producer to run");

            roomy.bind(counting, "counting");
            bound.countDown();
            producer.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(refused).isEmpty();
            assertThat(roomy.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(received.get()).isEqualTo(200_000 + dispatched.get());
        } finally {
            roomy.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aSinkThatLeavesItsThreadInterruptedKeepsReceiving() {
        RecordingSink sink = new RecordingSink() {
            @Override
            public void deliver(AnalyticsEvent event) {
                super.deliver(event);
                Thread.currentThread().interrupt(); // as a sink that restores an interrupt it caught would
            }
        };
        dispatcher.bind(sink, "interrupting");

        for (int i = 0; i < 3; i++) {
            dispatcher.dispatch(event(i), 100);
            sink.awaitEvents(i + 1);
        }

        assertThat(sink.events()).hasSize(3);
        assertThat(threads.alive()).isEqualTo(1);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a thread of the test is parked with a timeout: in a timed wait for the dispatcher. */
    private static boolean waiting(Thread thread) {
        return thread != null && thread.getState() == Thread.State.TIMED_WAITING;
    }

    private SinkStatus statusOf(String name) {
        return dispatcher.sinkStatuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** accepted = delivered + dropped (by reason) + pending, with {@code inFlight} events inside deliver(). */
    private static void assertInvariant(SinkStatus status, long inFlight) {
        Map<String, Long> c = status.counters();
        assertThat(c.get("enqueued")).isEqualTo(c.get("handed") + c.get("dropped_sink_error")
                + c.get("dropped_unbound") + c.get("dropped_consent") + c.get("pending") + inFlight);
        SinkStatus.Accounting accounting = status.accounting().orElseThrow();
        assertThat(accounting.accepted()).isEqualTo(c.get("enqueued") + c.get("dropped_overflow"));
        assertThat(accounting.accepted() + accounting.recovered()).isEqualTo(accounting.delivered()
                + accounting.droppedTotal() + accounting.pending() + inFlight);
    }

    private static AnalyticsEvent event(int n) {
        return AnalyticsEvent.of(UuidV7.at(n), "feature_used", "anon", Instant.ofEpochMilli(n),
                Map.of("feature_name", "chat"));
    }

    /** Reports whatever accounting the test sets, like a sink with a queue and a spool. */
    private static final class SettableAccountingSink implements AnalyticsSink {
        volatile SinkStatus.Accounting accounting;

        @Override
        public void deliver(AnalyticsEvent event) {
        }

        @Override
        public SinkStatus status() {
            return SinkStatus.of("", SinkStatus.Health.OK, "", Map.of(), accounting);
        }
    }

    /** Keeps what it receives until told to deliver it, and keeps its own accounting, like a sink with a queue. */
    private static final class HoldingSink implements AnalyticsSink {
        final AtomicInteger received = new AtomicInteger();
        private final AtomicInteger delivered = new AtomicInteger();

        @Override
        public void deliver(AnalyticsEvent event) {
            received.incrementAndGet();
        }

        void deliverAll() {
            delivered.set(received.get());
        }

        @Override
        public SinkStatus status() {
            int in = received.get();
            int out = delivered.get();
            return SinkStatus.of("", SinkStatus.Health.OK, "", Map.of(), new SinkStatus.Accounting(in, 0, out,
                    Map.of(), in - out));
        }
    }

    /** Blocks inside deliver() until released, like a sink stuck on a dead network. */
    private static final class BlockingSink implements AnalyticsSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger flushes = new AtomicInteger();
        final List<java.util.UUID> delivered = new CopyOnWriteArrayList<>();
        private final CountDownLatch release;

        BlockingSink(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void deliver(AnalyticsEvent event) {
            delivered.add(event.uuid());
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean flush(Duration timeout) {
            flushes.incrementAndGet();
            return true;
        }
    }
}
