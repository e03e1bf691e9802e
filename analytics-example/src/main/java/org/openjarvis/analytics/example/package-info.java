/**
 * An application bundle with its own analytics events: the catalogue in {@code OSGI-INF/analytics/catalogue.json},
 * declared by the annotation below, and a component that captures its two events.
 */
@AnalyticsCatalogue
package org.openjarvis.analytics.example;

import org.openjarvis.analytics.api.AnalyticsCatalogue;
