package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.itest.FaultInjectingStub.Fault;
import org.osgi.service.cm.Configuration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * 50 000 events (or {@code -Dchaos.events=N}) through the whole pipeline in Felix, half through
 * {@code AnalyticsService}, half posted on EventAdmin, with four batches in flight at once (or
 * {@code -Dchaos.in.flight=N}; the Equinox run sends one at a time), while the PostHog endpoint answers with a seeded
 * random mix of every status it can send, resets, cut and trickled replies and silence. Afterwards every accepted
 * event reached the endpoint, and is counted by what the endpoint last made of it: delivered if it was acknowledged,
 * rejected if its last answer refused it, exhausted otherwise; no uuid arrived that was not captured, the sink's
 * accounting balances, and no thread is left behind.
 */
class ChaosIT extends AnalyticsTestSupport {

    private static final String FACTORY_PID = "org.openjarvis.analytics.posthog";
    private static final int EVENTS = Integer.getInteger("chaos.events", 50_000);
    private static final long SEED = Long.getLong("chaos.seed", 20261125L);
    private static final int IN_FLIGHT = Integer.getInteger("chaos.in.flight", 4);
    private static final Map<Fault, Integer> WEIGHTS = Map.ofEntries(Map.entry(Fault.OK, 60),
            Map.entry(Fault.BAD_REQUEST, 3), Map.entry(Fault.REQUEST_TIMEOUT, 3), Map.entry(Fault.TOO_LARGE, 3),
            Map.entry(Fault.TOO_MANY_REQUESTS, 1), Map.entry(Fault.SERVER_ERROR, 4), Map.entry(Fault.BAD_GATEWAY, 4),
            Map.entry(Fault.UNAVAILABLE, 4), Map.entry(Fault.GATEWAY_TIMEOUT, 4), Map.entry(Fault.RESET, 5),
            Map.entry(Fault.HALF_WRITTEN, 3), Map.entry(Fault.SLOW_DRIP, 3), Map.entry(Fault.BLACKHOLE, 2));
    /** Answers after which the client gives an event up at once: the rest it retries until its attempts run out. */
    private static final Set<Fault> REFUSALS = Set.of(Fault.BAD_REQUEST, Fault.TOO_LARGE);

    @InjectService
    EventAdmin eventAdmin;

    @Test
    void everyAcceptedEventArrivesOrIsCountedWhileTheEndpointMisbehaves() throws Exception {
        configure(Map.of("backlog.capacity", 2 * EVENTS, "backlog.max.bytes", 1L << 30));
        RecordingSink everything = register(new RecordingSink(), "everything");
        Set<String> threadsBefore = analyticsThreads();
        long heapBefore = usedHeapAfterGc();
        run(everything);
        await(() -> analyticsThreads().equals(threadsBefore), () -> "no thread left behind: before "
                + threadsBefore + ", now " + analyticsThreads());
        everything.clear();
        // A generous bound: 50 000 events take about 25 MB while queued; nothing of them may stay reachable.
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth in bytes").isLessThan(16L << 20);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    // In a method of its own, so that nothing it held (uuid sets, the stub's records) is still reachable after it.
    private void run(RecordingSink everything) throws Exception {
        try (FaultInjectingStub stub = new FaultInjectingStub(SEED, WEIGHTS, 1_500)) {
            Configuration posthog = configurationAdmin.getFactoryConfiguration(FACTORY_PID, "chaos", "?");
            try {
                exercise(stub, posthog, everything);
            } finally { // a failed run must not leave its sink to the next tests
                posthog.delete();
                await(() -> sink("posthog~chaos") == null, "the PostHog sink to go away");
            }
        }
    }

    private void exercise(FaultInjectingStub stub, Configuration posthog, RecordingSink everything)
            throws Exception {
        posthog.update(new Hashtable<>(Map.ofEntries(Map.entry("api.key", "phc_chaos_not_a_real_key"),
                Map.entry("host", stub.url()), Map.entry("flush.interval.ms", 100L),
                Map.entry("queue.capacity", 2 * EVENTS), Map.entry("queue.max.bytes", 1L << 30),
                Map.entry("max.attempts", 4), Map.entry("retry.backoff.ms", 5L),
                Map.entry("max.in.flight", IN_FLIGHT),
                Map.entry("connect.timeout.ms", 1_000L), Map.entry("read.timeout.ms", 500L),
                Map.entry("call.timeout.ms", 3_000L))));
        await(() -> sink("posthog~chaos") != null, "the PostHog sink to be bound");
        assertThat(analyticsThreads()).as("a sending thread for each batch in flight")
                .filteredOn(name -> name.startsWith("openjarvis-analytics-posthog-posthog~chaos-")).hasSize(IN_FLIGHT);

        for (int i = 0; i < EVENTS; i++) {
            if (i % 2 == 0) {
                analytics().capture("feature_used", Map.of("feature_name", "chat"));
            } else {
                eventAdmin.postEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT,
                        "feature_used", "feature_name", "voice")));
            }
        }
        await(() -> {
            SinkStatus.Accounting now = accounting("posthog~chaos");
            return now.accepted() == EVENTS && now.pending() == 0 && now.balanced();
        }, () -> "every event to be sent or dropped: "
                        + sink("posthog~chaos") + ", stub answers " + stub.answered(), 300);

        analytics().flush(Duration.ofSeconds(DEADLINE_SECONDS)); // the recording sink runs on its own thread
        SinkStatus.Accounting accounting = accounting("posthog~chaos");
        Set<String> captured = everything.events().stream().map(AnalyticsEvent::uuid).map(Object::toString)
                .collect(Collectors.toSet());
        Map<String, Long> lastAnswers = stub.lastAnswer().entrySet().stream()
                .filter(answer -> !stub.acknowledged().contains(answer.getKey()))
                .collect(Collectors.groupingBy(answer -> REFUSALS.contains(answer.getValue()) ? "rejected"
                        : "retries_exhausted", Collectors.counting()));

        assertThat(captured).hasSize(EVENTS);
        assertThat(accounting.balanced()).as("%s", accounting).isTrue();
        assertThat(stub.lastAnswer().keySet()).as("every captured uuid arrived, and no other")
                .containsExactlyInAnyOrderElementsOf(captured);
        assertThat(accounting.delivered()).as("delivered: the uuids the stub acknowledged")
                .isEqualTo(stub.acknowledged().size());
        assertThat(accounting.dropped()).as("dropped by the answer each unacknowledged uuid got last")
                .containsEntry("rejected", lastAnswers.getOrDefault("rejected", 0L))
                .containsEntry("retries_exhausted", lastAnswers.getOrDefault("retries_exhausted", 0L))
                .containsEntry("overflow", 0L).containsEntry("queue_full", 0L).containsEntry("unbound", 0L);
        assertThat(accounting.droppedTotal()).as("no other reason").isEqualTo(EVENTS - accounting.delivered());
        assertThat(stub.answered().keySet()).as("the mix was exercised").containsAll(WEIGHTS.keySet());

        // A refused key opens the circuit: the rest is counted as unauthorized, not sent and not lost silently.
        stub.force(Fault.UNAUTHORIZED);
        analytics().capture("feature_used", Map.of("feature_name", "chat"));
        await(() -> sink("posthog~chaos").health() == SinkStatus.Health.FAILING, "the circuit to open");
        analytics().capture("feature_used", Map.of("feature_name", "chat"));
        awaitSinksSettled(); // the refused events counted
        assertThat(accounting("posthog~chaos").dropped().get("unauthorized")).isEqualTo(2);
        assertThat(accounting("posthog~chaos").balanced()).isTrue();
    }

    private SinkStatus sink(String name) {
        return sinkStatus(name).orElse(null);
    }

    private SinkStatus.Accounting accounting(String name) {
        return sink(name).accounting().orElseThrow();
    }

    private static Set<String> analyticsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("openjarvis-analytics") || name.startsWith("OkHttp http"))
                .collect(Collectors.toSet());
    }
}
