/**
 * The EventAdmin side of the bridge: a handler that only copies and enqueues, and the component that runs the
 * bridge on its own single thread. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.eventadmin;
