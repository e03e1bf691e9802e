package org.openjarvis.analytics.impl.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;

/** A sink that records what it receives, with a helper to wait for deliveries made on the sink's thread. */
public class RecordingSink implements AnalyticsSink {

    private final List<AnalyticsEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(AnalyticsEvent event) {
        events.add(event);
    }

    public List<AnalyticsEvent> events() {
        return List.copyOf(events);
    }

    /** Waits until at least {@code count} events arrived; fails after a generous deadline. */
    public List<AnalyticsEvent> awaitEvents(int count) {
        await(() -> events.size() >= count, "at least " + count + " events");
        return events();
    }

    /** Polls a condition until it holds, failing after 10 seconds. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
