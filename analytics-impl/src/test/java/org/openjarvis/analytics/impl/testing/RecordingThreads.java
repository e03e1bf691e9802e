package org.openjarvis.analytics.impl.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * Makes threads and remembers them, so that a test counts the threads its own object started, not every thread of
 * the test JVM that happens to share a name (another test's worker may still be ending).
 */
public final class RecordingThreads implements ThreadFactory {

    private final List<Thread> made = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable);
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
}
