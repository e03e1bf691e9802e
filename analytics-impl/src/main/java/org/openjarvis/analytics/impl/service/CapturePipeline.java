package org.openjarvis.analytics.impl.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.CatalogueEvent;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.dispatch.Dispatcher;
import org.openjarvis.analytics.impl.dispatch.EventSize;
import org.openjarvis.analytics.impl.dispatch.UuidV7;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;

/**
 * The reference's {@code AnalyticsClient.capture}, minus consent: redact first, then validate against the
 * catalogue, then screen, then hand off to the dispatcher. Runs on the caller's thread and does no I/O. Whatever
 * the caller's map throws while read goes through; the service's {@code capture} turns it into a counted failure.
 */
final class CapturePipeline {

    /** The PostHog SDKs drop items over 900 KiB; a valid catalogue event is a few KiB at most. */
    static final long MAX_EVENT_BYTES = 900 * 1024;

    private final Clock clock;
    private final Dispatcher dispatcher;
    private final ServiceCounter.Counters counters;

    CapturePipeline(Clock clock, Dispatcher dispatcher, ServiceCounter.Counters counters) {
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.counters = counters;
    }

    CaptureResult capture(PrivacyScreen screen, String distinctId, String eventName, Map<String, ?> properties) {
        Optional<CatalogueEvent> catalogued = CatalogueEvent.forName(eventName);
        if (catalogued.isEmpty()) {
            counters.increment(ServiceCounter.DROPPED_UNKNOWN_EVENT);
            return CaptureResult.UNKNOWN_EVENT;
        }
        PropertyFilter.Result filtered = PropertyFilter.apply(EventCatalogue.spec(catalogued.get()), properties,
                screen);
        counters.add(ServiceCounter.PROPERTIES_REDACTED, filtered.redacted());
        counters.add(ServiceCounter.PROPERTIES_INVALID, filtered.invalid());
        counters.add(ServiceCounter.PROPERTIES_REDACTED_STRICT, filtered.redactedStrict());
        counters.add(ServiceCounter.PROPERTIES_OUT_OF_RANGE, filtered.outOfRange());
        counters.add(ServiceCounter.PROPERTIES_OVER_LIMIT, filtered.overLimit());
        Instant now = clock.instant();
        AnalyticsEvent event = AnalyticsEvent.of(UuidV7.at(now.toEpochMilli()), eventName, distinctId, now,
                filtered.kept());
        long bytes = EventSize.estimate(event);
        if (bytes > MAX_EVENT_BYTES) {
            counters.increment(ServiceCounter.DROPPED_OVERSIZED);
            return CaptureResult.DROPPED_OVERSIZED;
        }
        CaptureResult result = dispatcher.dispatch(event, bytes);
        counters.increment(counterFor(result));
        return result;
    }

    /** Whether the event's name is in the catalogue and filtering would keep each of its properties as it is. */
    boolean admits(PrivacyScreen screen, AnalyticsEvent event) {
        Optional<CatalogueEvent> catalogued = CatalogueEvent.forName(event.name());
        if (catalogued.isEmpty()) {
            return false;
        }
        return PropertyFilter.apply(EventCatalogue.spec(catalogued.get()), event.properties(), screen)
                .keptAll(event.properties().size());
    }

    // DISABLED: consent was withdrawn, or the service stopped, while this capture was under way.
    private static ServiceCounter counterFor(CaptureResult dispatched) {
        switch (dispatched) {
            case ACCEPTED:
                return ServiceCounter.CAPTURED;
            case DISABLED:
                return ServiceCounter.REJECTED_DISABLED;
            default:
                return ServiceCounter.DROPPED_OVERFLOW;
        }
    }
}
