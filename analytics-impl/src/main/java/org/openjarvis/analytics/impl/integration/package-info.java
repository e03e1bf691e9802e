/**
 * Switches on the components of optional integrations (Felix Inventory, Felix Health Check) where their API is
 * wired, and the Gogo functions where Karaf's shell is not. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.integration;
