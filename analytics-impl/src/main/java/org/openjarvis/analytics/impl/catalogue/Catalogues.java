package org.openjarvis.analytics.impl.catalogue;

import java.util.List;

/** The catalogues in use: which events can be captured, and from which bundle each one comes. */
public interface Catalogues {

    /** The event of that name in a catalogue in use, or null if there is none. Runs on every capture. */
    EventSpec find(String eventName);

    /** The catalogues in use, in the order they were added. */
    List<Catalogue> catalogues();
}
