package org.openjarvis.analytics.posthog;

import java.io.IOException;

/** A spool file that can never be sent: not one this sink wrote, or damaged. */
final class CorruptSpoolFileException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptSpoolFileException(String message) {
        super(message);
    }
}
