/**
 * Who is counted, and whether counting is allowed: the OpenJarvis home directory, the anonymous id file and the
 * consent rules. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.identity;
