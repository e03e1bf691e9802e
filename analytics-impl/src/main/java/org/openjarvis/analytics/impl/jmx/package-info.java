/**
 * The status as a JMX MXBean, registered as a service with {@code jmx.objectname} for a JMX whiteboard (Karaf's
 * Aries JMX, the distribution's launcher). Private to the implementation bundle: MXBean clients need only the open
 * types, not these classes.
 */
package org.openjarvis.analytics.impl.jmx;
