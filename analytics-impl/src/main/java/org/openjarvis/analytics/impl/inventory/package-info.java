/**
 * The {@code analytics:status} report as a Felix Inventory printer, for the web console's Status tab and Karaf's
 * {@code inventory} output. Imports {@code org.apache.felix.inventory} optionally; enabled by
 * {@code impl.integration}. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.inventory;
