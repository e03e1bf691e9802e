/**
 * Text that came from outside (a server's reply, an exception's message) made fit for a log line or a status page.
 * Embedded privately into each bundle that uses it.
 */
package org.openjarvis.analytics.common.text;
