package org.openjarvis.analytics.impl.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.common.status.Counters;
import org.openjarvis.analytics.impl.catalogue.Catalogues;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.dispatch.Dispatcher;
import org.openjarvis.analytics.impl.dispatch.EventSize;
import org.openjarvis.analytics.impl.dispatch.UuidV7;
import org.openjarvis.analytics.impl.privacy.PrivacyScreen;

/**
 * The reference's {@code AnalyticsClient.capture}, minus consent: redact first, then validate against the
 * catalogue that declares the event, then screen, then hand off to the dispatcher. Runs on the caller's thread and does no I/O. Whatever
 * the caller's map throws while read goes through; the service's {@code capture} turns it into a counted failure.
 */
final class CapturePipeline {

    /** The PostHog SDKs drop items over 900 KiB; a valid catalogue event is a few KiB at most. */
    static final long MAX_EVENT_BYTES = 900 * 1024;
    /** An OSGi version: major, minor, micro, qualifier. */
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}(\\.\\d{1,9}(\\.[\\w-]{1,64})?)?)?");

    private final Catalogues catalogues;
    private final Clock clock;
    private final Dispatcher dispatcher;
    private final Counters<ServiceCounter> counters;

    CapturePipeline(Catalogues catalogues, Clock clock, Dispatcher dispatcher, Counters<ServiceCounter> counters) {
        this.catalogues = catalogues;
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.counters = counters;
    }

    CaptureResult capture(PrivacyScreen screen, String distinctId, String eventName, Map<String, ?> properties) {
        EventSpec spec = catalogues.find(eventName);
        if (spec == null) {
            counters.increment(ServiceCounter.DROPPED_UNKNOWN_EVENT);
            return CaptureResult.UNKNOWN_EVENT;
        }
        PropertyFilter.Result filtered = PropertyFilter.apply(spec, properties, screen);
        counters.add(ServiceCounter.PROPERTIES_REDACTED, filtered.redacted());
        counters.add(ServiceCounter.PROPERTIES_INVALID, filtered.invalid());
        counters.add(ServiceCounter.PROPERTIES_REDACTED_STRICT, filtered.redactedStrict());
        counters.add(ServiceCounter.PROPERTIES_OUT_OF_RANGE, filtered.outOfRange());
        counters.add(ServiceCounter.PROPERTIES_OVER_LIMIT, filtered.overLimit());
        if (filtered.missingRequired()) {
            counters.increment(ServiceCounter.DROPPED_INCOMPLETE);
            return CaptureResult.DROPPED_INCOMPLETE;
        }
        Instant now = clock.instant();
        AnalyticsEvent event = AnalyticsEvent.of(UuidV7.at(now.toEpochMilli()), eventName, distinctId, now,
                filtered.kept(), spec.catalogue());
        long bytes = EventSize.estimate(event);
        if (bytes > MAX_EVENT_BYTES) {
            counters.increment(ServiceCounter.DROPPED_OVERSIZED);
            return CaptureResult.DROPPED_OVERSIZED;
        }
        CaptureResult result = dispatcher.dispatch(event, bytes);
        counters.increment(counterFor(result));
        return result;
    }

    /** What {@link #capture} would drop of {@code properties}, and why; nothing for an undeclared event. */
    List<PropertyFilter.Dropped> dropped(PrivacyScreen screen, String eventName, Map<String, ?> properties) {
        EventSpec spec = catalogues.find(eventName);
        return spec == null ? List.of() : PropertyFilter.explain(spec, properties, screen);
    }

    /**
     * Whether a catalogue in use declares the event, the event names that catalogue's bundle (at any version: a spool
     * outlives an update), and filtering would keep each of its properties as it is.
     */
    boolean admits(PrivacyScreen screen, AnalyticsEvent event) {
        EventSpec spec = catalogues.find(event.name());
        return spec != null && event.catalogue().map(catalogue -> sameBundle(catalogue, spec.catalogue()))
                .orElse(false) && PropertyFilter.apply(spec, event.properties(), screen)
                        .keptAll(event.properties().size());
    }

    // A label is symbolic-name/version, and an OSGi version holds no '/'.
    private static boolean sameBundle(String label, String current) {
        int slash = current.lastIndexOf('/');
        return label.lastIndexOf('/') == slash
                && label.regionMatches(0, current, 0, slash + 1) && VERSION.matcher(label.substring(slash + 1))
                        .matches();
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
