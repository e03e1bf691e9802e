package org.openjarvis.analytics.impl.identity;

import java.util.Optional;

/**
 * The user's own switch, behind {@code analytics:disable} and {@code analytics:enable}: it decides at once, on the
 * calling thread, and lasts across restarts ({@link UserOptOut}). Registered as a service from this private package,
 * so only this bundle can see it.
 */
public interface ConsentControl {

    /**
     * Records the opt-out with the home and turns analytics off.
     *
     * @throws IllegalStateException if the record could not be written; analytics is off all the same, but only until
     *         the process ends
     */
    void optOut();

    /**
     * Removes the user's opt-out.
     *
     * @return why analytics is still off, if it is: another source still says no (the environment, which wins over
     *         this switch, or the configuration), or it cannot run
     * @throws IllegalStateException if the record could not be removed; analytics stays off
     */
    Optional<String> optIn();
}
