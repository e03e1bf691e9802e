/**
 * Getting accepted events to the sinks without ever blocking the caller: the bounded backlog used while no sink is
 * bound, one bounded queue and worker thread per bound sink, and the counters that account for every event.
 * Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.dispatch;
