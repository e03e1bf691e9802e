/**
 * Waiting and threads the same way everywhere: a {@link org.openjarvis.analytics.common.concurrent.Deadline} that
 * cannot overflow, named daemon threads, a count-and-bytes {@link org.openjarvis.analytics.common.concurrent.Room}
 * for bounded queues, and a {@link org.openjarvis.analytics.common.concurrent.LingeringQueue} that wakes its consumer
 * only when it is idle. Embedded privately into each bundle that uses it.
 */
package org.openjarvis.analytics.common.concurrent;
