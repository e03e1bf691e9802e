package org.openjarvis.analytics.impl.extender;

import java.util.List;

import org.openjarvis.analytics.api.AnalyticsCatalogue;
import org.openjarvis.analytics.impl.catalogue.Catalogue;
import org.openjarvis.analytics.impl.catalogue.CatalogueException;
import org.openjarvis.analytics.impl.catalogue.CatalogueOrigin;
import org.openjarvis.analytics.impl.catalogue.CatalogueRegistry;
import org.openjarvis.analytics.impl.catalogue.Catalogues;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The catalogue extender: the catalogues of the started bundles, this one's first. A bundle's catalogue is added when
 * it starts (or is found started) and removed when it stops; its events are unknown from then on, while the events
 * already accepted still go out. A catalogue that is malformed, or declares an event name another catalogue already
 * declares, is refused whole, with one log line naming the bundle, the file, the event, the property and the problem.
 */
@AnalyticsCatalogue(EventCatalogue.RESOURCE)
@Capability(namespace = AnalyticsCatalogue.EXTENDER_NAMESPACE, name = AnalyticsCatalogue.EXTENDER,
        version = AnalyticsCatalogue.EXTENDER_VERSION)
@Component(name = "org.openjarvis.analytics.catalogue", service = Catalogues.class, immediate = true)
public final class CatalogueExtender implements Catalogues {

    private final Logger logger;
    private final Bundle self;
    private final CatalogueRegistry registry = new CatalogueRegistry();
    private final BundleTracker<CatalogueOrigin> tracker;

    @Activate
    public CatalogueExtender(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger) {
        this.logger = logger;
        this.self = context.getBundle();
        // OpenJarvis's catalogue first, so that no bundle found earlier can take its event names.
        examine(self);
        // STARTING too: a bundle's activator, or a lazily activated bundle, may capture its events already.
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, new Customizer());
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @Override
    public EventSpec find(String eventName) {
        return registry.find(eventName);
    }

    @Override
    public List<Catalogue> catalogues() {
        return registry.catalogues();
    }

    // Where the bundle's catalogue comes from, used or refused: either way the bundle is tracked, so that it is
    // examined once while it is started. Null if it declares none.
    private CatalogueOrigin examine(Bundle bundle) {
        String file = BundleCatalogues.declaredFile(bundle).orElse(null);
        if (file == null) {
            return null;
        }
        CatalogueOrigin origin = BundleCatalogues.origin(bundle, file);
        if (!bundle.equals(self) && !BundleCatalogues.isWiredTo(bundle, self)) {
            logger.warn("Analytics {} is not used: the bundle does not require the capability {}={} of this "
                    + "implementation (the annotation @AnalyticsCatalogue adds the requirement)", origin,
                    AnalyticsCatalogue.EXTENDER_NAMESPACE, AnalyticsCatalogue.EXTENDER);
            return origin;
        }
        try {
            Catalogue catalogue = BundleCatalogues.read(bundle, origin);
            registry.add(catalogue);
            logger.info("Analytics {} added: {} events", origin, catalogue.events().size());
        } catch (CatalogueException e) {
            logger.error("Analytics {} refused: {}", origin, e.getMessage());
        }
        return origin;
    }

    private final class Customizer implements BundleTrackerCustomizer<CatalogueOrigin> {
        @Override
        public CatalogueOrigin addingBundle(Bundle bundle, BundleEvent event) {
            return bundle.equals(self) ? null : examine(bundle); // this one was added at activation
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, CatalogueOrigin tracked) {
            // STARTING to ACTIVE: the catalogue was examined when the bundle began to start.
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, CatalogueOrigin tracked) {
            registry.remove(bundle.getBundleId()).ifPresent(removed -> logger.info(
                    "Analytics {} removed: its {} events are unknown until it starts again", removed.origin(),
                    removed.events().size()));
        }
    }
}
