package org.openjarvis.analytics.posthog;

/** What the {@link BatchSpool} did with the events given to it, shown beside the PostHog sink's own counters. */
enum SpoolCounter {
    /** Events written to the spool. */
    SPOOLED,
    /** Events of earlier runs found in the spool. */
    RECOVERED,
    /** Events refused because the spool was full. */
    DROPPED_SPOOL_FULL,
    /** Events lost to an I/O error, or to a spool file removed by hand. */
    DROPPED_SPOOL_ERROR,
    /** Events refused because the spool directory failed its owner check. */
    DROPPED_SPOOL_UNSAFE,
    /** Events of ours lost in a corrupt spool file. */
    DROPPED_SPOOL_CORRUPT,
    /** Spooled events the gate would never send again, set aside. */
    DROPPED_SPOOL_REJECTED,
    /** Corrupt spool files set aside (files, not events). */
    SPOOL_CORRUPT_FILES
}
