package org.openjarvis.analytics.impl.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * Makes threads and remembers them, so that a test counts the threads its own object started, not every thread of
 * the test JVM that happens to share a name (another test's worker may still be ending). It also records what any
 * of them threw out of its {@code run()}, which would otherwise only reach the default handler's stderr.
 */
public final class RecordingThreads implements ThreadFactory {

    private final List<Thread> made = new CopyOnWriteArrayList<>();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable);
        thread.setUncaughtExceptionHandler((dead, thrown) -> uncaught.add(thrown));
        made.add(thread);
        return thread;
    }

    /** How many of the threads made here are alive now. */
    public long alive() {
        return made.stream().filter(Thread::isAlive).count();
    }

    /** How many threads were made here. */
    public int made() {
        return made.size();
    }

    /** The threads made here, in the order they were made, as their owner left them (named, daemon or not). */
    public List<Thread> threads() {
        return List.copyOf(made);
    }

    /** What the threads made here threw out of their {@code run()}: empty while each ended cleanly. */
    public List<Throwable> uncaught() {
        return List.copyOf(uncaught);
    }
}
