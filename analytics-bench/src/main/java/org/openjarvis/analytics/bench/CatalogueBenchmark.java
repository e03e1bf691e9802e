package org.openjarvis.analytics.bench;

import java.util.concurrent.TimeUnit;

import org.openjarvis.analytics.impl.catalogue.Catalogues;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;
import org.openjarvis.analytics.impl.service.PropertyFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a capture does with the catalogue, without the service's queues and the sending thread whose noise hides a
 * difference of a few nanoseconds: find the event, then redact, validate and screen its five properties. Once for
 * the built-in {@code chat_session_ended}, once for its twin from a contributed catalogue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CatalogueBenchmark {

    @Param({BenchEvent.OUR_NAME, BenchEvent.CONTRIBUTED_NAME})
    public String event;

    private Catalogues catalogues;

    @Setup
    public void load() {
        catalogues = OpenJarvisWiring.catalogues();
    }

    @Benchmark
    public PropertyFilter.Result findAndFilter() {
        EventSpec spec = catalogues.find(event);
        return PropertyFilter.apply(spec, BenchEvent.OUR_PROPERTIES, PrivacyScreen.STRICT);
    }
}
