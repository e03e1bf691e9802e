/**
 * Checks on the bundles a release publishes, read as built: their license headers and files, and their import
 * floors, proven by compiling each bundle's sources against them.
 */
package org.openjarvis.analytics.release;
