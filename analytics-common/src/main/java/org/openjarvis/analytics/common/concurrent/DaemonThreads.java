package org.openjarvis.analytics.common.concurrent;

import java.util.concurrent.ThreadFactory;

/**
 * Thread factories for the threads this project starts: each is named, so that a thread dump says whose it is, and a
 * daemon, so that a sink stuck in a call can never keep the JVM from exiting.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Makes daemon threads called {@code name}. */
    public static ThreadFactory named(String name) {
        return named(name, Thread::new);
    }

    /**
     * Makes daemon threads called {@code name} from the threads {@code base} makes: the component's injected factory,
     * or a test's recording one.
     */
    public static ThreadFactory named(String name, ThreadFactory base) {
        return runnable -> {
            Thread thread = base.newThread(runnable);
            thread.setName(name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
