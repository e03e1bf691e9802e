/**
 * The sinks' health as a Felix Health Check. Imports {@code org.apache.felix.hc.api} optionally; enabled by
 * {@code impl.integration}. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.health;
