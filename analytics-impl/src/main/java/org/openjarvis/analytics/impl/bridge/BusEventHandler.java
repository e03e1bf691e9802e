package org.openjarvis.analytics.impl.bridge;

import java.util.Hashtable;
import java.util.List;

import org.openjarvis.analytics.api.AnalyticsTopics;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The bridge's EventAdmin handler. Users' {@code org.apache.felix.eventadmin.IgnoreTimeout} names this class (the
 * Karaf feature, the distribution and docs/karaf.md give its name): never rename or move it.
 *
 * <p>The bridge component registers it itself, with the topics as its only properties. Had DS registered it, every
 * configuration change would be copied into its service properties, and EventAdmin re-indexes a modified handler:
 * an event posted at that moment could be missed.
 */
public final class BusEventHandler implements EventHandler {

    /** The topics handled: the six bus events the reference bridge subscribes to, and direct captures. */
    public static final List<String> TOPICS = List.of(AnalyticsTopics.INFERENCE_END, AnalyticsTopics.TOOL_CALL_END,
            AnalyticsTopics.SESSION_END, AnalyticsTopics.AGENT_TURN_END, AnalyticsTopics.FEEDBACK_RECEIVED,
            AnalyticsTopics.SECURITY_ALERT, AnalyticsTopics.CAPTURE);

    private final EventAdminBridgeComponent bridge;

    private BusEventHandler(EventAdminBridgeComponent bridge) {
        this.bridge = bridge;
    }

    static ServiceRegistration<EventHandler> register(BundleContext context, EventAdminBridgeComponent bridge) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPICS.toArray(new String[0]));
        return context.registerService(EventHandler.class, new BusEventHandler(bridge), properties);
    }

    @Override
    public void handleEvent(Event event) {
        bridge.handleEvent(event);
    }
}
