package org.openjarvis.analytics.impl.bridge;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * The bridge's EventAdmin handler. Users' {@code org.apache.felix.eventadmin.IgnoreTimeout} names this class (the
 * Karaf feature, the distribution and docs/karaf.md give its name): never rename or move it.
 */
public final class BusEventHandler implements EventHandler {

    private final EventAdminBridgeComponent bridge;

    BusEventHandler(EventAdminBridgeComponent bridge) {
        this.bridge = bridge;
    }

    @Override
    public void handleEvent(Event event) {
        bridge.handleEvent(event);
    }
}
