/**
 * Files and directories that only the process user may read or change: created owner-only, checked before use the
 * way ssh checks {@code ~/.ssh}, and written atomically. Embedded privately into each bundle that uses it.
 */
package org.openjarvis.analytics.common.files;
