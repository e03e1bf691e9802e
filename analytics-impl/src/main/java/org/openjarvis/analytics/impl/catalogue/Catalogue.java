package org.openjarvis.analytics.impl.catalogue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compiled catalogue: the events one bundle declares, from one file.
 *
 * @param origin where it comes from
 * @param title the document's {@code title}, or "" if it has none
 * @param events its events by name, in the file's order
 */
public record Catalogue(CatalogueOrigin origin, String title, Map<String, EventSpec> events) {

    public Catalogue {
        events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
    }
}
