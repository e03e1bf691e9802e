/**
 * The reference's {@code EventBridge}: turns OpenJarvis bus events (delivered here through EventAdmin) into
 * session aggregates and the few direct catalogue events, reading their data with Python's conversion rules.
 * Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.bridge;
