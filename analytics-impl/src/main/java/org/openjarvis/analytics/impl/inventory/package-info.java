/**
 * The {@code analytics:status} report as a Felix Inventory printer, for the Felix and Karaf web console's Status
 * tab. Imports {@code org.apache.felix.inventory} optionally; enabled by
 * {@code impl.integration}. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.inventory;
