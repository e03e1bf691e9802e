package org.openjarvis.analytics.impl.catalogue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogues in use, added and removed as their bundles start and stop. An event name belongs to one catalogue:
 * a catalogue that declares a name already in use is refused whole. Lookups read an immutable snapshot, so a capture
 * never waits for a bundle that is starting.
 */
public final class CatalogueRegistry implements Catalogues {

    private final Map<Long, Catalogue> byBundle = new LinkedHashMap<>(); // guarded by this
    private volatile Map<String, EventSpec> byName = Map.of();

    /** A registry holding {@code catalogues}, for a service used without a framework. */
    public static CatalogueRegistry of(Catalogue... catalogues) throws CatalogueException {
        CatalogueRegistry registry = new CatalogueRegistry();
        for (Catalogue catalogue : catalogues) {
            registry.add(catalogue);
        }
        return registry;
    }

    @Override
    public EventSpec find(String eventName) {
        return eventName == null ? null : byName.get(eventName);
    }

    @Override
    public synchronized List<Catalogue> catalogues() {
        return List.copyOf(byBundle.values());
    }

    /**
     * Adds a catalogue, in place of the one its bundle had before.
     *
     * @throws CatalogueException if another bundle's catalogue already declares one of its event names; then none
     *         of its events is used
     */
    public synchronized void add(Catalogue catalogue) throws CatalogueException {
        long bundleId = catalogue.origin().bundleId();
        for (String name : catalogue.events().keySet()) {
            EventSpec existing = byName.get(name);
            Catalogue owner = existing == null ? null : ownerOf(existing);
            if (owner != null && owner.origin().bundleId() != bundleId) {
                throw new CatalogueException("event " + name + " is already declared by " + owner.origin()
                        + "; event names are unique across catalogues, so none of this catalogue's events is used");
            }
        }
        byBundle.remove(bundleId);
        byBundle.put(bundleId, catalogue);
        publish();
    }

    /** Removes the catalogue of a bundle that stopped: its events are unknown from now on. */
    public synchronized Optional<Catalogue> remove(long bundleId) {
        Catalogue removed = byBundle.remove(bundleId);
        if (removed != null) {
            publish();
        }
        return Optional.ofNullable(removed);
    }

    private Catalogue ownerOf(EventSpec event) {
        for (Catalogue catalogue : byBundle.values()) {
            if (catalogue.events().get(event.name()) == event) {
                return catalogue;
            }
        }
        return null;
    }

    private void publish() {
        Map<String, EventSpec> names = new HashMap<>();
        byBundle.values().forEach(catalogue -> names.putAll(catalogue.events()));
        byName = Map.copyOf(names);
    }
}
