package org.openjarvis.analytics.impl.dispatch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.common.concurrent.Deadline;

/**
 * A marker queued behind the events of a {@link SinkChannel}: when the worker reaches it, every earlier event was
 * handed to the sink, and (for a flush, not for a mere hand-over) the worker asks the sink to flush in the time
 * that is left.
 */
final class FlushRequest implements SinkChannel.Item {
    private final Deadline deadline;
    private final boolean flushSink;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean flushed;

    /**
     * @param flushSink false when the sink is being unbound: its owner closes it, and a flush here would only make
     *        it wait for its host twice
     */
    FlushRequest(Deadline deadline, boolean flushSink) {
        this.deadline = deadline;
        this.flushSink = flushSink;
    }

    /** Called on the worker thread. */
    void run(AnalyticsSink sink) {
        try {
            flushed = !flushSink || sink.flush(deadline.remaining());
        } catch (Throwable e) { // the worker must survive a failing sink
            flushed = false;
        } finally {
            done.countDown();
        }
    }

    /** The channel was closed before the worker reached this request. */
    void abandon() {
        done.countDown();
    }

    /** Waits until the deadline at most; true only if the sink was reached and reported a complete flush. */
    boolean await() {
        try {
            return done.await(deadline.remainingNanos(), TimeUnit.NANOSECONDS) && flushed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
