package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * Sixteen threads capture through {@code AnalyticsService} and post chat sessions on EventAdmin while the
 * configuration changes, sinks come and go and, in the second test, the implementation bundle restarts. No thread
 * deadlocks, no call throws, and the session aggregator counts exactly what was posted. After each test the
 * accounting of every sink is checked by {@link AnalyticsTestSupport}.
 */
class ConcurrencyIT extends AnalyticsTestSupport {

    private static final int THREADS = 16;
    private static final int SESSIONS_PER_THREAD = 40;
    private static final int INFERENCES_PER_SESSION = 5;
    private static final ThreadMXBean THREAD_BEAN = ManagementFactory.getThreadMXBean();

    @InjectService
    EventAdmin eventAdmin;

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    @AfterEach
    void implBack() throws Exception {
        implementationBack();
    }

    @Test
    void sessionsAreCountedExactlyWhileConfigurationAndSinksChange() throws Exception {
        configure(Map.of("backlog.capacity", 200_000, "backlog.max.bytes", 1L << 30));
        RecordingSink all = register(new RecordingSink(), "all");
        List<Thread> workers = startWorkers(index -> {
            for (int session = 0; session < SESSIONS_PER_THREAD; session++) {
                String id = "t" + index + "-s" + session;
                for (int i = 0; i < INFERENCES_PER_SESSION; i++) {
                    eventAdmin.postEvent(new Event("org/openjarvis/core/INFERENCE_END", Map.of("session_id", id,
                            "input_tokens", 3, "output_tokens", 7, "latency_ms", 10, "model", "llama3.1:8b",
                            "engine", "ollama")));
                    analytics().capture("feature_used", Map.of("feature_name", "chat"));
                }
                eventAdmin.postEvent(new Event("org/openjarvis/core/SESSION_END", Map.of("session_id", id)));
                TimeUnit.MILLISECONDS.sleep(20); // spreads the sessions over the changes made meanwhile
            }
        });

        // Meanwhile: the service's configuration changes (without turning it off) and a sink flaps.
        long tick = 30;
        while (workers.stream().anyMatch(Thread::isAlive)) {
            configure(Map.of("backlog.capacity", 200_000, "backlog.max.bytes", 1L << 30,
                    "session.tick.seconds", tick++));
            RecordingSink flapping = register(new RecordingSink(), "flapping-" + tick);
            assertNoDeadlock();
            unregister(flapping);
        }
        joinAll(workers);

        int sessions = THREADS * SESSIONS_PER_THREAD;
        await(() -> ended(all).size() == sessions, () -> ended(all).size() + " of " + sessions
                + " sessions ended; bridge " + analytics().status(), 120);
        assertThat(failures).isEmpty();
        assertNoDeadlock();
        assertThat(ended(all)).allSatisfy(event -> {
            assertThat(event.properties().get("turn_count")).isEqualTo((long) INFERENCES_PER_SESSION);
            assertThat(event.properties().get("tokens_in")).isEqualTo(3L * INFERENCES_PER_SESSION);
            assertThat(event.properties().get("tokens_out")).isEqualTo(7L * INFERENCES_PER_SESSION);
        });
        await(() -> all.names().stream().filter("feature_used"::equals).count() == (long) sessions
                * INFERENCES_PER_SESSION, "every direct capture at the sink");
    }

    @Test
    void bundleRestartsUnderLoadNeitherDeadlockNorLetACallThrow() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        List<Thread> workers = startWorkers(index -> {
            while (running.get()) {
                ServiceReference<AnalyticsService> reference = context.getServiceReference(AnalyticsService.class);
                AnalyticsService service = reference == null ? null : context.getService(reference);
                if (service != null) {
                    service.capture("feature_used", Map.of("feature_name", "chat"));
                    calls.incrementAndGet();
                }
                // Synchronous: posted events would pile up in EventAdmin's queue faster than they are handled.
                eventAdmin.sendEvent(new Event(AnalyticsTopics.CAPTURE, Map.of(AnalyticsTopics.EVENT,
                        "feature_used", "feature_name", "voice")));
            }
        });
        Bundle impl = implementationBundle();
        for (int restart = 0; restart < 3; restart++) {
            TimeUnit.MILLISECONDS.sleep(300);
            impl.stop();
            assertNoDeadlock();
            implementationBack();
        }
        running.set(false);
        joinAll(workers);

        assertThat(failures).isEmpty();
        assertThat(calls.get()).isPositive();
        assertNoDeadlock();
    }

    private interface Work {
        void run(int index) throws Exception;
    }

    private List<Thread> startWorkers(Work work) {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    work.run(index);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "itest-worker-" + i);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        return workers;
    }

    private static void joinAll(List<Thread> workers) throws InterruptedException {
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(worker.isAlive()).as(worker.getName() + " finished").isFalse();
        }
    }

    private static void assertNoDeadlock() {
        assertThat(THREAD_BEAN.findDeadlockedThreads()).as("deadlocked threads").isNull();
    }

    private static List<AnalyticsEvent> ended(RecordingSink sink) {
        return sink.events().stream().filter(event -> event.name().equals("chat_session_ended")).toList();
    }
}
