package org.openjarvis.analytics.impl.catalogue;

/** Why a catalogue file was refused, in one line that names the event and the property concerned. */
public final class CatalogueException extends Exception {
    private static final long serialVersionUID = 1L;

    public CatalogueException(String message) {
        super(message, null, false, false);
    }
}
