/**
 * Checks on the artifacts a release publishes, read as built: the bundles' license headers and files, the sources
 * and javadoc jars beside them, and the bundles' import floors, proven by compiling their sources against them.
 */
package org.openjarvis.analytics.release;
