package org.openjarvis.analytics.impl.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.openjarvis.analytics.api.CatalogueEvent;

/**
 * The reference's {@code openjarvis.analytics.events}: the 17 events of OpenJarvis, as the implementation bundle
 * ships them in {@value #RESOURCE} and contributes them like any other catalogue. Loaded here, by the same
 * compiler, for the code that needs OpenJarvis's own lists outside a framework: the bridge's known tool names, the
 * platform setting, and the tests' reference functions.
 */
public final class EventCatalogue {

    /** The catalogue file in the implementation bundle, as its manifest header names it. */
    public static final String RESOURCE = "OSGI-INF/analytics/openjarvis.json";
    /** The implementation bundle's symbolic name. */
    public static final String BUNDLE = "org.openjarvis.analytics.impl";

    private static final Catalogue OPENJARVIS = load(new CatalogueOrigin(0, BUNDLE, "0.0.0", RESOURCE));

    /** The platforms of {@code app_opened.platform}, in the reference's order. */
    public static final Set<String> PLATFORM_VALUES = choices("app_opened", "platform");
    /** The tools of {@code tool_first_used.tool_name}, in the reference's order. */
    public static final Set<String> KNOWN_TOOL_NAMES = choices("tool_first_used", "tool_name");

    private EventCatalogue() {
    }

    /** The OpenJarvis catalogue compiled from {@value #RESOURCE}, as coming from {@code origin}. */
    public static Catalogue load(CatalogueOrigin origin) {
        try (InputStream in = Objects.requireNonNull(EventCatalogue.class.getClassLoader().getResourceAsStream(
                RESOURCE), RESOURCE + " is missing from the implementation bundle")) {
            return SchemaCompiler.compile(origin, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CatalogueException e) {
            throw new IllegalStateException(origin + ": " + e.getMessage(), e);
        }
    }

    // Visible for testing
    /** The spec of a catalogue event. */
    public static EventSpec spec(CatalogueEvent event) {
        return OPENJARVIS.events().get(event.eventName());
    }

    // Visible for testing
    /** All specs in the reference's registry order. */
    public static List<EventSpec> specs() {
        return List.copyOf(OPENJARVIS.events().values());
    }

    // The enum of a property, which the catalogue file lists in the reference's order.
    private static Set<String> choices(String event, String property) {
        PropertyValidator validator = OPENJARVIS.events().get(event).properties().get(property);
        return ((PropertyRules.OneOf) validator).values();
    }
}
