/**
 * Waiting and threads the same way everywhere: a {@link org.openjarvis.analytics.common.concurrent.Deadline} that
 * cannot overflow, named daemon threads, and a count-and-bytes {@link org.openjarvis.analytics.common.concurrent.Room}
 * for bounded queues. Embedded privately into each bundle that uses it.
 */
package org.openjarvis.analytics.common.concurrent;
