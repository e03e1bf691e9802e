package org.openjarvis.analytics.impl.jmx;

import java.util.List;
import java.util.Map;

/**
 * What {@code analytics:status} shows, as JMX attributes, under {@value #OBJECT_NAME}. Counters are read when an
 * attribute is read; the anonymous id is shown masked, as in {@code analytics:status}.
 */
public interface AnalyticsMXBean {

    /** The ObjectName under which a JMX whiteboard registers the bean. */
    String OBJECT_NAME = "org.openjarvis.analytics:type=Analytics";

    /** Whether events are being captured. */
    boolean isEnabled();

    /** Why analytics is off; empty while it is on. */
    String getDisabledReason();

    /** The first 8 characters of the anonymous id and an ellipsis; empty if there is none. */
    String getAnonymousId();

    /** The worst health of the bound sinks: OK (also with none bound), DEGRADED or FAILING. */
    String getHealth();

    /** The service's counters, as in the {@code Counters:} line of {@code analytics:status}. */
    Map<String, Long> getCounters();

    /** The bridge's and the session aggregator's counters, as in the {@code Bridge:} line. */
    Map<String, Long> getBridgeCounters();

    /** Each bound sink: health, reason, accounting and counters. */
    List<SinkAttributes> getSinks();
}
