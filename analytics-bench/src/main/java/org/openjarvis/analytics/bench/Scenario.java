package org.openjarvis.analytics.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One scenario for one client, in a JVM of its own (run by {@link RunAll}); prints one {@code RESULT key=value ...}
 * line, then halts, so that a client's non-daemon threads cannot keep the JVM alive.
 *
 * <ul>
 * <li>{@code throughput N}: N captures as fast as possible, then flush and close; with the CPU time the client's
 * threads spent (every thread but the caller's, read before close).</li>
 * <li>{@code dead N}: N captures against a host that never answers; catches OutOfMemoryError; then the heap still
 * used after a full GC, with the client alive.</li>
 * <li>{@code caller-alloc N}: N captures to warm up, then the bytes allocated and the CPU time used on the calling
 * thread by N more, per capture: what the application's own thread pays, without the client's background work. The
 * CPU time, unlike JMH's wall time, does not count the time slices other processes take on a busy machine.</li>
 * <li>{@code shutdown N}: N captures against that host, then close: time until it returns, and until every thread
 * the client started is gone (cap 120 s, or {@code -Dbench.cap.ms}).</li>
 * </ul>
 */
public final class Scenario {

    /** How long close and the client's threads may take before the result is "timeout". */
    private static final long CAP_MILLIS = Long.getLong("bench.cap.ms", 120_000);

    private Scenario() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        String client = args[1];
        String url = args[2];
        int events = Integer.parseInt(args[3]);
        String result;
        try {
            result = switch (scenario) {
                case "throughput" -> throughput(BenchClient.create(client, url), url, events);
                case "dead" -> dead(client, url, events);
                case "caller-alloc" -> callerAllocation(BenchClient.create(client, url), events);
                case "shutdown" -> shutdown(client, url, events);
                default -> throw new IllegalArgumentException(scenario);
            };
        } catch (Throwable e) {
            result = "error=" + e.getClass().getSimpleName();
        }
        System.out.println("RESULT " + result);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static String throughput(BenchClient client, String url, int events) throws Exception {
        long first = System.currentTimeMillis();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            client.capture();
        }
        long loop = System.nanoTime() - start;
        client.flush();
        long background = backgroundCpuNanos();
        client.close();
        long closed = System.nanoTime() - start;
        awaitStub(url, events);
        return "first_capture_epoch_ms=" + first + " loop_ms=" + TimeUnit.NANOSECONDS.toMillis(loop)
                + " close_returned_ms=" + TimeUnit.NANOSECONDS.toMillis(closed) + " background_cpu_ns=" + background;
    }

    // The CPU time of every live thread but the caller's: the client's own threads (batching, compressing,
    // sending), read after its flush and before its close, while they are still alive.
    private static long backgroundCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long caller = Thread.currentThread().getId();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            long cpu = id == caller ? -1 : threads.getThreadCpuTime(id);
            total += Math.max(0, cpu);
        }
        return total;
    }

    // Some clients still send after close returns: stay alive until the stub has every event, or heard nothing
    // new for three seconds (within the cap), so that the JVM's exit does not cut them short.
    private static void awaitStub(String url, int events) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CAP_MILLIS);
        long count = -1;
        long changed = System.nanoTime();
        while (count < events && System.nanoTime() - changed < TimeUnit.SECONDS.toNanos(3)
                && System.nanoTime() < deadline) {
            long now = stubCount(url);
            if (now != count) {
                count = now;
                changed = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    private static long stubCount(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url + "/count").openConnection();
        try (InputStream in = connection.getInputStream()) {
            return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } finally {
            connection.disconnect();
        }
    }

    private static String callerAllocation(BenchClient client, int events) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        for (int i = 0; i < events; i++) {
            client.capture();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < events; i++) {
            client.capture();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        return "caller_bytes_per_capture=" + (double) allocated / events + " caller_cpu_ns_per_capture="
                + (double) cpu / events;
    }

    private static String dead(String name, String url, int events) {
        BenchClient client = BenchClient.create(name, url);
        int calls = 0;
        boolean oom = false;
        long start = System.nanoTime();
        try {
            for (; calls < events; calls++) {
                client.capture();
            }
        } catch (OutOfMemoryError e) {
            oom = true;
        }
        long loop = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        Reference.reachabilityFence(client); // the client, and what it queued, stay alive through the measurement
        return "oom=" + oom + " calls=" + calls + " retained_heap_bytes=" + used + " loop_ms=" + loop;
    }

    private static String shutdown(String name, String url, int events) throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        BenchClient client = BenchClient.create(name, url);
        for (int i = 0; i < events; i++) {
            client.capture();
        }
        long start = System.nanoTime();
        CompletableFuture<Void> close = CompletableFuture.runAsync(client::close, runnable -> {
            Thread thread = new Thread(runnable, "bench-close");
            thread.setDaemon(true);
            before.add(thread);
            thread.start();
        });
        String returned;
        try {
            close.get(CAP_MILLIS, TimeUnit.MILLISECONDS);
            returned = String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (TimeoutException e) {
            returned = "timeout";
        }
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(CAP_MILLIS);
        Set<Thread> left = clientThreads(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = clientThreads(before);
        }
        String threadsGone = left.isEmpty() ? String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                : "timeout";
        return "close_returned_ms=" + returned + " threads_gone_ms=" + threadsGone + " threads_left="
                + left.stream().map(Thread::getName).sorted().toList().toString().replace(' ', '_');
    }

    private static Set<Thread> clientThreads(Set<Thread> before) {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeAll(before);
        threads.removeIf(thread -> !thread.isAlive() || thread == Thread.currentThread());
        return threads;
    }
}
