package org.openjarvis.analytics.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;
import org.osgi.annotation.bundle.Requirement;

/**
 * Declares that the annotated bundle contributes an event catalogue: a JSON file, in the subset of JSON Schema that
 * docs/catalogues.md describes, with one schema per event. Put it on any class or {@code package-info} of the
 * bundle; bnd then writes the two manifest headers an OSGi user could also write by hand:
 *
 * <pre>
 * OpenJarvis-Analytics-Catalogue: OSGI-INF/analytics/catalogue.json
 * Require-Capability: osgi.extender;filter:="(&amp;(osgi.extender=org.openjarvis.analytics.catalogue)(version&gt;=1.0.0)(!(version&gt;=2.0.0)))"
 * </pre>
 *
 * The requirement lets the bundle resolve only where an implementation reads catalogues. When the bundle starts,
 * its events can be captured like OpenJarvis's own; when it stops, they are unknown again.
 *
 * @since 1.3
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Requirement(namespace = AnalyticsCatalogue.EXTENDER_NAMESPACE, name = AnalyticsCatalogue.EXTENDER,
        version = AnalyticsCatalogue.EXTENDER_VERSION)
@Header(name = AnalyticsCatalogue.HEADER, value = "${#value}")
public @interface AnalyticsCatalogue {

    /** The manifest header that names the catalogue file, a path inside the bundle. */
    String HEADER = "OpenJarvis-Analytics-Catalogue";
    /** The {@code osgi.extender} name the implementation provides. */
    String EXTENDER = "org.openjarvis.analytics.catalogue";
    /** The version of the catalogue format and extender that this API describes. */
    String EXTENDER_VERSION = "1.0.0";
    /** The OSGi extender namespace. */
    String EXTENDER_NAMESPACE = "osgi.extender";
    /** Where a catalogue file is by convention. */
    String DEFAULT_FILE = "OSGI-INF/analytics/catalogue.json";

    /**
     * The catalogue file.
     *
     * @return its path inside the bundle, never null; {@value #DEFAULT_FILE} by default
     */
    String value() default DEFAULT_FILE;
}
