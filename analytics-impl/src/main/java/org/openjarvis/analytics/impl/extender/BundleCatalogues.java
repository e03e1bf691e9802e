package org.openjarvis.analytics.impl.extender;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Optional;

import org.openjarvis.analytics.api.AnalyticsCatalogue;
import org.openjarvis.analytics.impl.catalogue.Catalogue;
import org.openjarvis.analytics.impl.catalogue.CatalogueException;
import org.openjarvis.analytics.impl.catalogue.CatalogueOrigin;
import org.openjarvis.analytics.impl.catalogue.SchemaCompiler;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** Reads the catalogue a bundle declares: its manifest header, its wiring to this extender, and the file itself. */
final class BundleCatalogues {

    /** Largest catalogue file read, in bytes. */
    static final int MAX_BYTES = 1024 * 1024;

    private BundleCatalogues() {
    }

    /** The path the bundle's manifest names, if it declares a catalogue. */
    static Optional<String> declaredFile(Bundle bundle) {
        // getHeaders("") gives the raw manifest values, without looking for localisation files.
        String file = bundle.getHeaders("").get(AnalyticsCatalogue.HEADER);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(file.trim());
    }

    /** Whether the bundle's requirement of the extender capability is wired to {@code extender}. */
    static boolean isWiredTo(Bundle bundle, Bundle extender) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return false;
        }
        for (BundleWire wire : wiring.getRequiredWires(AnalyticsCatalogue.EXTENDER_NAMESPACE)) {
            if (AnalyticsCatalogue.EXTENDER.equals(wire.getCapability().getAttributes()
                    .get(AnalyticsCatalogue.EXTENDER_NAMESPACE)) && wire.getProvider().getBundle().equals(extender)) {
                return true;
            }
        }
        return false;
    }

    /** The origin of a catalogue in {@code file} of {@code bundle}. */
    static CatalogueOrigin origin(Bundle bundle, String file) {
        String name = bundle.getSymbolicName() == null ? "bundle#" + bundle.getBundleId() : bundle.getSymbolicName();
        return new CatalogueOrigin(bundle.getBundleId(), name, bundle.getVersion().toString(), file);
    }

    /** Reads and compiles the catalogue file; a file missing, too large or malformed is a problem. */
    static Catalogue read(Bundle bundle, CatalogueOrigin origin) throws CatalogueException {
        URL entry = bundle.getEntry(origin.file());
        if (entry == null) {
            throw new CatalogueException("the bundle has no file at that path");
        }
        byte[] json;
        try (InputStream in = entry.openStream()) {
            json = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new CatalogueException("cannot be read: " + e.getMessage());
        }
        return SchemaCompiler.compile(origin, json);
    }
}
