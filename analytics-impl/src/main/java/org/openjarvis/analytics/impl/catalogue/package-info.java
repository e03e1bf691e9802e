/**
 * The closed event catalogue and its structural validator: which events exist, which properties each may carry,
 * and the exact type rules of the reference's {@code openjarvis.analytics.events}. Private to the implementation
 * bundle.
 */
package org.openjarvis.analytics.impl.catalogue;
