package org.openjarvis.analytics.bench;

import java.util.concurrent.TimeUnit;

import org.openjarvis.analytics.impl.catalogue.ValueKind;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;
import org.openjarvis.analytics.impl.privacy.Redactor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The strict screen alone on one free-text value that passes, and the reference's redaction that runs before it
 * on the same value. A capture row cannot show a cost of a microsecond beside the noise of the sending thread
 * that shares the machine; this shows it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScreenBenchmark {

    @Param({BenchEvent.FREE_TEXT, "theme.dark"})
    public String value;

    @Benchmark
    public PrivacyScreen.Verdict strictScreen() {
        return PrivacyScreen.STRICT.examine(ValueKind.FREE_TEXT, value);
    }

    @Benchmark
    public boolean referenceRedaction() {
        return Redactor.keeps(value);
    }
}
