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
 */
@Version("1.3.0")
@Export
package org.openjarvis.analytics.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
