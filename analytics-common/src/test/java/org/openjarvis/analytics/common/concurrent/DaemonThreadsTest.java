package org.openjarvis.analytics.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void threadsAreNamedDaemonsThatRunTheirTask() throws InterruptedException {
        List<String> ranOn = new ArrayList<>();
        Thread thread = DaemonThreads.named("openjarvis-analytics-test")
                .newThread(() -> ranOn.add(Thread.currentThread().getName()));

        assertThat(thread.getName()).isEqualTo("openjarvis-analytics-test");
        assertThat(thread.isDaemon()).isTrue();
        thread.start();
        thread.join();
        assertThat(ranOn).containsExactly("openjarvis-analytics-test");
    }

    @Test
    void theBaseFactoryMakesTheThreadSoATestCanRecordIt() {
        List<Thread> made = new ArrayList<>();
        ThreadFactory recording = runnable -> {
            Thread thread = new Thread(runnable, "unnamed");
            made.add(thread);
            return thread;
        };

        Thread thread = DaemonThreads.named("openjarvis-analytics-sink-x", recording).newThread(() -> { });

        assertThat(made).containsExactly(thread);
        assertThat(thread.getName()).isEqualTo("openjarvis-analytics-sink-x");
        assertThat(thread.isDaemon()).isTrue();
    }
}
