/**
 * The {@code analytics:*} Gogo commands, for the Felix and Karaf shells. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.command;
