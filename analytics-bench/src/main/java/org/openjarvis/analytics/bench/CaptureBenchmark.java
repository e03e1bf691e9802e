package org.openjarvis.analytics.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one capture on the caller's thread, against the loopback stub named by the system property
 * {@code bench.url}. Run once per client, each with only its own classpath.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaptureBenchmark {

    @Param("openjarvis")
    public String client;

    private BenchClient instance;

    @Setup
    public void start() {
        instance = BenchClient.create(client, System.getProperty("bench.url"));
    }

    @TearDown
    public void stop() {
        instance.close();
    }

    @Benchmark
    public void capture() {
        instance.capture();
    }
}
