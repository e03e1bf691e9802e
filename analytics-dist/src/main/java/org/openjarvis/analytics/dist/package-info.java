/**
 * The runnable distribution: a small launcher that starts Apache Felix with Config Admin (and its interpolation
 * plugin), FileInstall, SCR, EventAdmin, metatype, a log service, Gogo and the analytics bundles, in an owner-only
 * framework storage, and can run a Gogo script.
 */
package org.openjarvis.analytics.dist;
