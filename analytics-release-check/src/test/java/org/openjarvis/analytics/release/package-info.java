/** Checks on the bundles a release publishes, read as built: their license headers and files. */
package org.openjarvis.analytics.release;
