/**
 * The shared configuration {@code org.openjarvis.analytics}: its metatype, its checked settings, and the internal
 * service through which the one component that reads it (the service) hands the settings and every consent change
 * to the bridge and the session aggregator. Private to the implementation bundle.
 */
package org.openjarvis.analytics.impl.config;
