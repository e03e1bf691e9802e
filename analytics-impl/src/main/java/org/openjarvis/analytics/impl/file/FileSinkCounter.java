package org.openjarvis.analytics.impl.file;

/** What the {@link FileSink} did with the events delivered to it, shown by {@code analytics:status}. */
enum FileSinkCounter {
    /** Events delivered to the sink. */
    RECEIVED,
    /** Events written to the file. */
    WRITTEN,
    /** Events lost to a failed write (or one that could not be serialised). */
    DROPPED_WRITE_ERROR,
    /** Events delivered after the sink was closed. */
    DROPPED_CLOSED
}
