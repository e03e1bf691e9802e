/**
 * The {@code AnalyticsService} component: consent and identity state, the capture pipeline (redact, then
 * validate, then dispatch) and the service-level counters. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.service;
