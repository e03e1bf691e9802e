/**
 * The bridge: the reference's {@code EventBridge}, which turns OpenJarvis bus events (delivered here through
 * EventAdmin) into session aggregates and the few direct catalogue events, reading their data with Python's
 * conversion rules; and the EventAdmin side, a handler that only copies and enqueues and the component that runs the
 * bridge on its own single thread. Private to the implementation bundle, except that users name
 * {@link org.openjarvis.analytics.impl.bridge.BusEventHandler} in EventAdmin's {@code IgnoreTimeout}.
 */
package org.openjarvis.analytics.impl.bridge;
