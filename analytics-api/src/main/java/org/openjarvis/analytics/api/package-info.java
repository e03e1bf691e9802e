/**
 * Public API of openjarvis-analytics.
 *
 * <ul>
 * <li>{@link org.openjarvis.analytics.api.AnalyticsService}: what applications call to capture catalogue events.</li>
 * <li>{@link org.openjarvis.analytics.api.AnalyticsSink}: the whiteboard SPI that receives events that were
 * already redacted and validated.</li>
 * <li>{@link org.openjarvis.analytics.api.AnalyticsTopics}: EventAdmin topics and property keys for publishers that
 * prefer not to depend on this API at run time.</li>
 * <li>{@link org.openjarvis.analytics.api.CatalogueEvent}: the closed catalogue of 17 event names.</li>
 * <li>{@link org.openjarvis.analytics.api.EventProperties}: an event's immutable, ordered properties (1.1).</li>
 * </ul>
 *
 * <h2>Null</h2>
 *
 * Every parameter and result of a reference type states in its documentation whether it may be null: "never null",
 * or "may be null" and what null then means. An absent result is an empty {@code Optional}, string or collection,
 * not null; the one exception is {@link org.openjarvis.analytics.api.EventProperties#get(Object)}, as for any
 * {@code Map}. This is said in javadoc rather than with annotations: OSGi's annotations have no nullability, and the
 * JSR-305 and JSpecify ones are retained at run time, so bnd would add an import of their package to this bundle.
 */
@Version("1.3.0")
@Export
package org.openjarvis.analytics.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
