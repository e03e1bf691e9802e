package org.openjarvis.analytics.impl.service;

import java.util.List;
import java.util.Map;

/**
 * Which properties a capture would drop, and why, for {@code analytics:capture}, which reports them beside the
 * result. Registered as a service from this private package, so only this bundle can see it.
 */
public interface CaptureCheck {

    /**
     * The properties of {@code properties} (null is none) that capturing {@code eventName} with the current settings
     * drops, in input order; none for an event no catalogue in use declares.
     */
    List<PropertyFilter.Dropped> dropped(String eventName, Map<String, ?> properties);
}
