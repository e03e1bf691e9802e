package org.openjarvis.analytics.impl.command;

import java.util.List;
import java.util.Map;

import org.openjarvis.analytics.impl.catalogue.Catalogue;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.catalogue.Printable;
import org.openjarvis.analytics.impl.catalogue.PropertyValidator;

/** The text of {@code analytics:catalogue}: the catalogues in use, or one event's properties and rules. */
final class CatalogueReport {

    private CatalogueReport() {
    }

    /** One line for the status report: how many catalogues and events are in use. */
    static String summary(List<Catalogue> catalogues) {
        return catalogues.size() + (catalogues.size() == 1 ? " catalogue, " : " catalogues, ") + events(catalogues)
                + " events";
    }

    /** Each catalogue: its bundle, version and file, then its events. */
    static String list(List<Catalogue> catalogues) {
        StringBuilder out = new StringBuilder(summary(catalogues));
        for (Catalogue catalogue : catalogues) {
            out.append("\n  ").append(catalogue.origin().symbolicName()).append(' ')
                    .append(catalogue.origin().version()).append("  ").append(catalogue.origin().file())
                    .append(catalogue.title().isEmpty() ? "" : "  (" + Printable.text(catalogue.title(), 200) + ")")
                    .append("\n    ").append(String.join(" ", catalogue.events().keySet()));
        }
        return out.toString();
    }

    /** One event: where it comes from, what it is for, and each property with its rule. */
    static String event(EventSpec event, Catalogue catalogue) {
        StringBuilder out = new StringBuilder(event.name()).append("  (").append(catalogue.origin()).append(')');
        if (!event.description().isEmpty()) {
            out.append("\n  ").append(Printable.text(event.description(), 500));
        }
        if (event.properties().isEmpty()) {
            return out.append("\n  no properties").toString();
        }
        int width = event.properties().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, PropertyValidator> property : event.properties().entrySet()) {
            out.append("\n  ").append(property.getKey()).append(" ".repeat(width - property.getKey().length() + 2))
                    .append(property.getValue().describe())
                    .append(event.required().contains(property.getKey()) ? "  (required)" : "");
        }
        return out.toString();
    }

    static int events(List<Catalogue> catalogues) {
        return catalogues.stream().mapToInt(catalogue -> catalogue.events().size()).sum();
    }
}
