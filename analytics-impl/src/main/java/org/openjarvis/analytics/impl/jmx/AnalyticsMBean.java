package org.openjarvis.analytics.impl.jmx;

import java.util.List;
import java.util.Map;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.impl.bridge.BridgeControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link AnalyticsMXBean}, as a {@link DynamicMBean} service. It registers nothing on an MBean server itself: a
 * JMX whiteboard does that from its {@code jmx.objectname} property (Aries JMX in Karaf, the launcher in the
 * distribution). It is a {@link StandardMBean} in MXBean mode because a whiteboard registers a DynamicMBean as it is,
 * whereas Aries JMX would wrap any other object whose class is not named after its interface in a plain Standard
 * MBean, whose attributes (the sinks) a remote client could not read. Each attribute is read from a fresh status.
 */
@Component(service = DynamicMBean.class, property = "jmx.objectname=" + AnalyticsMXBean.OBJECT_NAME)
public final class AnalyticsMBean extends StandardMBean implements AnalyticsMXBean {

    private final AnalyticsService analytics;
    private final BridgeControl bridge;

    @Activate
    public AnalyticsMBean(@Reference AnalyticsService analytics, @Reference BridgeControl bridge)
            throws NotCompliantMBeanException {
        super(AnalyticsMXBean.class, true);
        this.analytics = analytics;
        this.bridge = bridge;
    }

    @Override
    public boolean isEnabled() {
        return now().isEnabled();
    }

    @Override
    public String getDisabledReason() {
        return now().getDisabledReason();
    }

    @Override
    public String getAnonymousId() {
        return now().getAnonymousId();
    }

    @Override
    public String getHealth() {
        return now().getHealth();
    }

    @Override
    public Map<String, Long> getCounters() {
        return now().getCounters();
    }

    @Override
    public Map<String, Long> getBridgeCounters() {
        return now().getBridgeCounters();
    }

    @Override
    public List<SinkAttributes> getSinks() {
        return now().getSinks();
    }

    private StatusAttributes now() {
        return new StatusAttributes(analytics.status(), bridge.counters());
    }
}
