/**
 * The {@code analytics:*} shell commands: what each does ({@code AnalyticsCommands}), their Gogo functions for
 * the Felix Gogo shell and the distribution's scripts, and the status report they print (also offered as JSON). In
 * Karaf, the actions of {@code impl.karaf} run the same commands instead. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.command;
