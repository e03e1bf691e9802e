/**
 * Counters shown by the status commands, named by one rule from enum constants. Embedded privately into each bundle
 * that uses it.
 */
package org.openjarvis.analytics.common.status;
