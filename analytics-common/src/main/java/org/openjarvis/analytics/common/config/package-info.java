/**
 * Reading Config Admin dictionaries without trusting their types: every bad value becomes a one-line problem that
 * names the PID and the property, and a fallback is used instead. Embedded privately into each bundle that uses it.
 */
package org.openjarvis.analytics.common.config;
