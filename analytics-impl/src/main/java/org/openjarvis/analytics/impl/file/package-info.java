/**
 * The local event log, the embedded default sink: each analytics event is appended to a size-rotated file as one
 * JSON object per line, in exactly the shape of a PostHog batch element, so users can see what would be sent.
 * Nothing leaves the machine. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.file;
