/**
 * The catalogue extender: finds the catalogue file each started bundle names in its manifest, compiles it and adds
 * it to the registry, and removes it when the bundle stops. Thin OSGi wiring around the {@code catalogue} package.
 */
package org.openjarvis.analytics.impl.extender;
