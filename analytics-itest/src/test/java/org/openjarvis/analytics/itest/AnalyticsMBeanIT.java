package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsStatus;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.SinkStatus;
import org.osgi.framework.ServiceReference;

/**
 * The MXBean service, a {@code DynamicMBean} registered as a JMX whiteboard (Karaf's Aries JMX, the distribution's
 * launcher) registers it: as it is, from its {@code jmx.objectname} property, on an MBean server. Its attributes,
 * read as a JMX client reads them, hold the numbers of the service's status.
 */
class AnalyticsMBeanIT extends AnalyticsTestSupport {

    private static final String OBJECT_NAME = "org.openjarvis.analytics:type=Analytics";

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private ServiceReference<?> reference;
    private ObjectName name;

    @BeforeEach
    void registerLikeAWhiteboard() throws Exception {
        String filter = "(jmx.objectname=" + OBJECT_NAME + ")";
        await(() -> references(filter) != null, "the MXBean service");
        reference = references(filter)[0];
        name = new ObjectName((String) reference.getProperty("jmx.objectname"));
        server.registerMBean(context.getService(reference), name);
    }

    @AfterEach
    void unregister() throws Exception {
        server.unregisterMBean(name);
        context.ungetService(reference);
    }

    @Test
    void itsAttributesAreTheNumbersOfTheStatus() throws Exception {
        // The service's counters run for the framework's life: earlier tests counted too.
        Map<String, Long> before = analytics().status().counters();
        RecordingSink sink = register(new RecordingSink(), "recording");
        for (int i = 0; i < 4; i++) {
            assertThat(analytics().capture("feature_used", Map.of("feature_name", "voice")))
                    .isEqualTo(CaptureResult.ACCEPTED);
        }
        assertThat(analytics().capture("no_such_event", Map.of())).isEqualTo(CaptureResult.UNKNOWN_EVENT);
        await(() -> sink.events().size() == 4, "the 4 events at the sink");
        await(() -> sinkStatus("recording").flatMap(SinkStatus::accounting).map(a -> a.delivered() == 4)
                .orElse(false), "the 4 deliveries counted");
        awaitSinksSettled(); // the file sink too: its accounting is compared below

        AnalyticsStatus status = analytics().status();
        // An MXBean, whatever whiteboard registers it: its attributes are open types a remote client can read.
        assertThat(server.getMBeanInfo(name).getDescriptor().getFieldValue("mxbean")).isEqualTo("true");
        assertThat(server.getAttribute(name, "Enabled")).isEqualTo(true);
        assertThat(server.getAttribute(name, "DisabledReason")).isEqualTo("");
        assertThat(server.getAttribute(name, "Health")).isEqualTo("OK");
        assertThat(server.getAttribute(name, "AnonymousId"))
                .isEqualTo(status.anonymousId().orElseThrow().substring(0, 8) + "\u2026");
        assertThat(table(server.getAttribute(name, "Counters"))).isEqualTo(status.counters())
                .containsEntry("captured", before.get("captured") + 4)
                .containsEntry("dropped_unknown_event", before.get("dropped_unknown_event") + 1);
        assertThat(table(server.getAttribute(name, "BridgeCounters"))).isEqualTo(bridgeCounters());

        CompositeData[] sinks = (CompositeData[]) server.getAttribute(name, "Sinks");
        assertThat(sinks).hasSameSizeAs(status.sinks());
        for (SinkStatus expected : status.sinks()) {
            CompositeData actual = sink(sinks, expected.name());
            SinkStatus.Accounting accounting = expected.accounting().orElseThrow();
            assertThat(actual.get("health")).isEqualTo(expected.health().name());
            assertThat(List.of(actual.get("accepted"), actual.get("recovered"), actual.get("delivered"),
                    actual.get("dropped"), actual.get("pending"))).as(expected.name()).containsExactly(
                            accounting.accepted(), accounting.recovered(), accounting.delivered(),
                            accounting.droppedTotal(), accounting.pending());
            assertThat(table(actual.get("counters"))).isEqualTo(expected.counters());
        }
        assertThat(sink(sinks, "recording").get("delivered")).isEqualTo(4L);
    }

    @Test
    void itsHealthIsTheWorstSinksWithTheReason() throws Exception {
        registerDegradedSink("throwing");

        assertThat(server.getAttribute(name, "Health")).isEqualTo("DEGRADED");
        CompositeData throwing = sink((CompositeData[]) server.getAttribute(name, "Sinks"), "throwing");
        assertThat(throwing.get("health")).isEqualTo("DEGRADED");
        assertThat((String) throwing.get("detail")).contains("broken sink");
    }

    private ServiceReference<?>[] references(String filter) {
        try {
            return context.getAllServiceReferences(null, filter);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static CompositeData sink(CompositeData[] sinks, String name) {
        for (CompositeData sink : sinks) {
            if (name.equals(sink.get("name"))) {
                return sink;
            }
        }
        throw new AssertionError("no sink " + name);
    }

    /** An MXBean's Map<String, Long>, as a JMX client receives it: a table of key and value rows. */
    private static Map<String, Long> table(Object tabular) {
        Map<String, Long> map = new HashMap<>();
        for (Object row : ((TabularData) tabular).values()) {
            CompositeData entry = (CompositeData) row;
            map.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return map;
    }
}
