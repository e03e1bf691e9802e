/**
 * The {@code analytics:*} Gogo commands, for the Felix and Karaf shells, and the status report they print (also
 * offered as JSON). Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.command;
