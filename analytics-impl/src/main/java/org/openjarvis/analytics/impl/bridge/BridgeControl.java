package org.openjarvis.analytics.impl.bridge;

import java.time.Duration;
import java.util.Map;

/**
 * What the Gogo commands need from the running bridge. Registered as a service from this private package, so only
 * this bundle can see it.
 */
public interface BridgeControl {

    /**
     * Waits until every bus event queued so far was processed.
     *
     * @return false if the deadline passed first
     */
    boolean awaitProcessed(Duration timeout);

    /** The bridge's counters, in display order. */
    Map<String, Long> counters();
}
