/**
 * The local event log, the embedded default sink: each analytics event is appended to a size-rotated file as one
 * JSON object per line, in the shape of a PostHog batch element, so users can see what would be sent (all but the
 * four properties a PostHog sink adds to every event).
 * Nothing leaves the machine. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.file;
