package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.SinkStatus;
import org.osgi.framework.ServiceReference;

/**
 * With the Felix Health Check API installed, the sinks' health check is a service, as the Health Check executor
 * finds it by its tag: OK while every sink is healthy, WARN with a DEGRADED sink, CRITICAL with a FAILING one, each
 * naming the sink and why.
 */
class SinkHealthCheckIT extends AnalyticsTestSupport {

    @Test
    void okThenWarnWithADegradedSinkThenCriticalWithAFailingOne() {
        register(new RecordingSink(), "recording");
        await(() -> sinkStatus("recording").isPresent(), "the recording sink to be bound");
        Result healthy = execute();
        assertThat(healthy.getStatus()).as(healthy.toString()).isEqualTo(Result.Status.OK);
        assertThat(messages(healthy)).contains("Sink recording is OK");

        registerDegradedSink("throwing");
        Result degraded = execute();
        assertThat(degraded.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(messages(degraded)).anySatisfy(message -> assertThat(message)
                .startsWith("Sink throwing is DEGRADED: ").contains("broken sink"));

        register(new RefusedSink(), "refused");
        await(() -> sinkStatus("refused").isPresent(), "the refused sink to be bound");
        Result failing = execute();
        assertThat(failing.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(messages(failing)).contains("Sink refused is FAILING: the destination refused the key")
                .anySatisfy(message -> assertThat(message).startsWith("Sink throwing is DEGRADED: "));
    }

    private Result execute() {
        ServiceReference<HealthCheck> reference = healthCheck();
        HealthCheck check = context.getService(reference);
        try {
            return check.execute();
        } finally {
            context.ungetService(reference);
        }
    }

    private ServiceReference<HealthCheck> healthCheck() {
        String filter = "(" + HealthCheck.TAGS + "=openjarvis-analytics)";
        await(() -> find(filter) != null, "the health check service");
        ServiceReference<HealthCheck> reference = find(filter);
        assertThat(reference.getProperty(HealthCheck.NAME)).isEqualTo("OpenJarvis analytics sinks");
        return reference;
    }

    private ServiceReference<HealthCheck> find(String filter) {
        try {
            return context.getServiceReferences(HealthCheck.class, filter).stream().findFirst().orElse(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> messages(Result result) {
        return StreamSupport.stream(result.spliterator(), false).map(entry -> entry.getMessage()).toList();
    }

    /** A sink whose destination turned it away: it takes events, but reports itself FAILING, as PostHog's does. */
    private static final class RefusedSink implements AnalyticsSink {
        @Override
        public void deliver(AnalyticsEvent event) {
            // nothing reaches the destination
        }

        @Override
        public SinkStatus status() {
            return SinkStatus.of("", SinkStatus.Health.FAILING, "the destination refused the key", Map.of());
        }
    }
}
