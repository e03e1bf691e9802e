package org.openjarvis.analytics.impl.catalogue;

/**
 * Where a catalogue comes from: a bundle and a file in it.
 *
 * @param bundleId the framework's id of the bundle, which stays the same across updates
 * @param symbolicName the bundle's symbolic name
 * @param version the bundle's version
 * @param file the path of the catalogue file in the bundle
 */
public record CatalogueOrigin(long bundleId, String symbolicName, String version, String file) {

    /** How {@code $catalogue} names it: {@code symbolic-name/version}. */
    public String label() {
        return symbolicName + "/" + version;
    }

    /** How log lines and errors name it: the file (made printable: the manifest names it), the bundle, the version. */
    @Override
    public String toString() {
        return "catalogue " + Printable.text(file, 200) + " of bundle " + symbolicName + " " + version;
    }
}
