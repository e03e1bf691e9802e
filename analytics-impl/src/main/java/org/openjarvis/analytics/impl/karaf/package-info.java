/**
 * The {@code analytics:*} commands as Karaf actions, with completion of event names, their properties and the
 * bridge's topics. Karaf's command extender finds them through the bundle's {@code Karaf-Commands} header; the
 * Karaf packages are optional imports, and nothing else in the bundle loads these classes, so the bundle still
 * resolves and runs without Karaf.
 */
package org.openjarvis.analytics.impl.karaf;
