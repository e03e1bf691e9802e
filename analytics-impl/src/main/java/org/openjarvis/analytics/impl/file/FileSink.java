package org.openjarvis.analytics.impl.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.api.SinkStatus.Health;
import org.openjarvis.analytics.common.status.Counters;

/**
 * The local JSON-lines sink: writes each event as one line ({@link EventJson}) to a size-rotated file
 * ({@link RotatingFile}). Nothing leaves the machine; the file shows what a PostHog sink would send of each event, without the four
 * properties that sink adds to every one ({@link EventJson}).
 *
 * <p>No method throws. A failed write is counted ({@code dropped_write_error}) and turns the health to
 * {@link Health#FAILING}, with a detail naming the path and the I/O error; the file handle is dropped and the next
 * event tries to open the file again (the directory may have become writable). The next successful write turns
 * the health back to {@link Health#OK}. Each change of state, and only a change, is reported to the
 * {@link StateListener}, so the owner logs once per outage rather than once per event.
 *
 * <p>Thread-safety: {@link #deliver}, {@link #flush} and {@link #close} may be called from different threads; they
 * are serialised by one lock. {@link #status()} never waits for that lock, so it answers even while a write hangs.
 */
public final class FileSink implements AnalyticsSink {

    /** Told about each change of the sink's health. Called under the sink's lock; must be quick. */
    @FunctionalInterface
    public interface StateListener {
        /**
         * @param health the new health: {@link Health#FAILING} after the first failed write, {@link Health#OK} after
         *        the first successful write that follows
         * @param detail the new status detail: the path and the I/O error, or the path alone
         */
        void stateChanged(Health health, String detail);
    }

    private static final long CLOSE_WAIT_MILLIS = 1_000;

    private final RotatingFile file;
    private final StateListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Counters<FileSinkCounter> counts = new Counters<>(FileSinkCounter.class);
    private final AtomicInteger writing = new AtomicInteger(); // events received and not yet written or dropped
    private volatile State state;
    private volatile boolean closed;

    /**
     * @param path the current log file; parent directories are created on the first write
     * @param maxBytes the size at which the file is rotated (at least 1)
     * @param keep how many rotated files to keep (at least 0)
     * @param listener told about each change of health
     * @throws IllegalArgumentException if {@code maxBytes} or {@code keep} is out of range, or the path has no file
     *         name
     */
    public FileSink(Path path, long maxBytes, int keep, StateListener listener) {
        this.file = new RotatingFile(path, maxBytes, keep);
        this.listener = listener;
        this.state = new State(Health.OK, file.path().toString());
    }

    /** The log file's path. */
    public Path path() {
        return file.path();
    }

    @Override
    public void deliver(AnalyticsEvent event) {
        counts.increment(FileSinkCounter.RECEIVED);
        writing.incrementAndGet();
        lock.lock();
        try {
            if (closed) {
                // Only reachable if a dispatcher thread outlives the component; the event is counted, not written.
                counts.increment(FileSinkCounter.DROPPED_CLOSED);
                return;
            }
            byte[] line;
            try {
                line = EventJson.toLine(event);
            } catch (RuntimeException e) {
                // Not expected for a validated event; counted and shown, but the file itself is not suspect.
                counts.increment(FileSinkCounter.DROPPED_WRITE_ERROR);
                changeState(Health.FAILING, "cannot serialise an event for " + file.path() + ": " + describe(e));
                return;
            }
            try {
                file.append(line);
                counts.increment(FileSinkCounter.WRITTEN);
                changeState(Health.OK, file.path().toString());
            } catch (IOException | RuntimeException e) {
                counts.increment(FileSinkCounter.DROPPED_WRITE_ERROR);
                changeState(Health.FAILING, "cannot write " + file.path() + ": " + describe(e));
                closeFileQuietly();
            }
        } finally {
            if (closed) {
                closeFileQuietly(); // close() gave up waiting for this write and left the file to us
            }
            writing.decrementAndGet();
            lock.unlock();
        }
    }

    /**
     * Lines reach the operating system as they are written; this also forces them to the storage device.
     *
     * @return false if the timeout passed while another thread was writing, or forcing failed
     */
    @Override
    public boolean flush(Duration timeout) {
        try {
            if (!lock.tryLock(nanos(timeout), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (!closed) {
                file.flush();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            changeState(Health.FAILING, "cannot flush " + file.path() + ": " + describe(e));
            closeFileQuietly();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Nothing is buffered beyond the operating system, so there is never anything to discard. */
    @Override
    public long discardPending() {
        return 0;
    }

    @Override
    public SinkStatus status() {
        State current = state;
        Map<String, Long> counters = counts.snapshot();
        Map<String, Long> dropped = counts.dropped(counters);
        counters.put("rotations", file.rotations());
        return SinkStatus.of("", current.health, current.detail, counters, new SinkStatus.Accounting(
                counters.get("received"), 0, counters.get("written"), dropped, writing.get()));
    }

    /**
     * Releases the file. Later deliveries are counted as {@code dropped_write_error} and not written. If a write is
     * hanging, this waits about a second, then leaves closing to the writing thread.
     */
    public void close() {
        closed = true;
        boolean locked;
        try {
            locked = lock.tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            return; // deliver() closes the file when it sees 'closed'
        }
        try {
            closeFileQuietly();
        } finally {
            lock.unlock();
        }
    }

    private void changeState(Health health, String detail) {
        State previous = state;
        if (previous.health == health && (health == Health.OK || previous.detail.equals(detail))) {
            return;
        }
        state = new State(health, detail);
        if (previous.health == health) {
            return; // still failing, with a different error: the status shows it, the listener is not told again
        }
        try {
            listener.stateChanged(health, detail);
        } catch (RuntimeException e) {
            // A listener's failure must not turn into a sink failure.
        }
    }

    private void closeFileQuietly() {
        try {
            file.close();
        } catch (IOException e) {
            // The handle is gone either way; the next write opens the file again.
        }
    }

    private static long nanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // longer than 292 years
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    private record State(Health health, String detail) {
    }
}
