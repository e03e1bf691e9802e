package org.openjarvis.analytics.impl.testing;

import org.openjarvis.analytics.impl.catalogue.CatalogueException;
import org.openjarvis.analytics.impl.catalogue.CatalogueOrigin;
import org.openjarvis.analytics.impl.catalogue.CatalogueRegistry;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;

/** The catalogues a framework would hold with only the implementation bundle started: OpenJarvis's. */
public final class OpenJarvisCatalogues {

    /** How {@code $catalogue} names OpenJarvis's catalogue in these tests. */
    public static final String LABEL = EventCatalogue.BUNDLE + "/1.0.0";

    private OpenJarvisCatalogues() {
    }

    /** A new registry holding the OpenJarvis catalogue, as bundle 1 at version 1.0.0. */
    public static CatalogueRegistry registry() {
        try {
            return CatalogueRegistry.of(EventCatalogue.load(new CatalogueOrigin(1, EventCatalogue.BUNDLE, "1.0.0",
                    EventCatalogue.RESOURCE)));
        } catch (CatalogueException e) {
            throw new AssertionError(e);
        }
    }
}
