package org.openjarvis.analytics.impl.command;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;

import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.common.concurrent.Deadline;
import org.openjarvis.analytics.impl.catalogue.Catalogue;
import org.openjarvis.analytics.impl.catalogue.Catalogues;
import org.openjarvis.analytics.impl.catalogue.EventSpec;
import org.openjarvis.analytics.impl.bridge.BridgeControl;
import org.openjarvis.analytics.impl.bridge.BusEventHandler;
import org.openjarvis.analytics.impl.file.EventJson;
import org.openjarvis.analytics.impl.identity.ConsentControl;
import org.openjarvis.analytics.impl.service.AnonymousIds;
import org.openjarvis.analytics.impl.service.CaptureCheck;
import org.openjarvis.analytics.impl.service.EventHistory;
import org.openjarvis.analytics.impl.service.PropertyFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * What the {@code analytics:*} shell commands do, whichever shell runs them: {@link GogoCommands} in a Gogo shell,
 * the actions of {@code impl.karaf} in Karaf's. Each method takes the command's arguments as Strings, checks their
 * count against its {@link CommandUsage} and returns the text to print; values are parsed by
 * {@link CommandArguments}. A failing command throws, so that a script run by the distribution and a Karaf batch or
 * {@code ssh} command exit non-zero; that includes a capture that was not accepted. A capture names each property
 * it dropped, and why ({@link CaptureCheck}), whether the event was accepted or not.
 */
@Component(name = "org.openjarvis.analytics.commands", service = AnalyticsCommands.class)
public final class AnalyticsCommands {

    private static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_FLUSH_TIMEOUT = Duration.ofDays(1);
    private static final int DEFAULT_TAIL = 10;
    private static final int MAX_TAIL = 100;

    private static final CommandUsage STATUS = CommandUsage.none("analytics:status");
    private static final CommandUsage ENABLE = CommandUsage.none("analytics:enable");
    private static final CommandUsage DISABLE = CommandUsage.none("analytics:disable");
    private static final CommandUsage CAPTURE = new CommandUsage("analytics:capture EVENT [key=value ...]", 1,
            CommandUsage.ANY);
    private static final CommandUsage PUBLISH = new CommandUsage("analytics:publish TOPIC [key=value ...]", 1,
            CommandUsage.ANY);
    private static final CommandUsage FLUSH = new CommandUsage("analytics:flush [TIMEOUT_MS]", 0, 1);
    private static final CommandUsage RESETID = CommandUsage.none("analytics:resetid");
    private static final CommandUsage TAIL = new CommandUsage("analytics:tail [COUNT]", 0, 1);
    private static final CommandUsage DEMO = CommandUsage.none("analytics:demo");
    private static final CommandUsage CATALOGUE = new CommandUsage("analytics:catalogue [EVENT]", 0, 1);

    private final AnalyticsService analytics;
    private final EventHistory history;
    private final BridgeControl bridge;
    private final EventAdmin eventAdmin;
    private final ConsentControl consent;
    private final Catalogues catalogues;
    private final CaptureCheck check;

    @Activate
    public AnalyticsCommands(@Reference AnalyticsService analytics, @Reference EventHistory history,
            @Reference BridgeControl bridge, @Reference EventAdmin eventAdmin, @Reference ConsentControl consent,
            @Reference Catalogues catalogues, @Reference CaptureCheck check) {
        this.analytics = analytics;
        this.history = history;
        this.bridge = bridge;
        this.eventAdmin = eventAdmin;
        this.consent = consent;
        this.catalogues = catalogues;
        this.check = check;
    }

    public String status(String... arguments) {
        STATUS.check(arguments);
        return report().text();
    }

    /** A report of the status now: what {@code analytics:status} prints, and the Inventory printer too. */
    public StatusReport report() {
        return StatusReport.of(analytics.status(), catalogues.catalogues(), bridge.counters());
    }

    public String enable(String... arguments) {
        ENABLE.check(arguments);
        consent.optIn().ifPresent(reason -> {
            throw new IllegalStateException("analytics stays off: " + reason);
        });
        return "analytics enabled";
    }

    public String disable(String... arguments) {
        DISABLE.check(arguments);
        consent.optOut(); // throws if the opt-out could not be saved with the home
        if (analytics.isEnabled()) {
            throw new IllegalStateException("analytics is still enabled");
        }
        return "analytics disabled (" + offReason() + ")";
    }

    public String capture(String... arguments) {
        String[] given = CAPTURE.check(arguments);
        String event = given[0];
        Map<String, Object> properties = CommandArguments.parse(Arrays.copyOfRange(given, 1, given.length));
        CaptureResult result = analytics.capture(event, properties);
        StringBuilder dropped = new StringBuilder();
        for (PropertyFilter.Dropped property : check.dropped(event, properties)) {
            dropped.append(dropped.length() == 0 ? ", dropped " : "; ").append(property.name()).append(": ")
                    .append(property.reason());
        }
        if (result != CaptureResult.ACCEPTED) {
            String message = event + ": " + result + " (" + explain(result) + ")" + dropped;
            throw result == CaptureResult.UNKNOWN_EVENT ? new IllegalArgumentException(message)
                    : new IllegalStateException(message);
        }
        return event + ": " + result + dropped;
    }

    public String publish(String... arguments) {
        String[] given = PUBLISH.check(arguments);
        String topic = given[0];
        Map<String, Object> values = CommandArguments.parse(Arrays.copyOfRange(given, 1, given.length));
        eventAdmin.sendEvent(new Event(topic, values)); // an invalid topic throws IllegalArgumentException
        return "published " + topic;
    }

    public String flush(String... arguments) {
        String[] given = FLUSH.check(arguments);
        flushWithin(given.length == 0 ? DEFAULT_FLUSH_TIMEOUT
                : Duration.ofMillis(positiveNumber(given[0], "timeout", MAX_FLUSH_TIMEOUT.toMillis())));
        return "flushed";
    }

    public String resetid(String... arguments) {
        RESETID.check(arguments);
        return analytics.resetAnonymousId().map(id -> "new anonymous id " + AnonymousIds.mask(id))
                .orElseThrow(() -> new IllegalStateException("analytics is off (" + offReason()
                        + "); no id was created"));
    }

    public String tail(String... arguments) {
        String[] given = TAIL.check(arguments);
        long count = given.length == 0 ? DEFAULT_TAIL : positiveNumber(given[0], "count", Long.MAX_VALUE);
        List<AnalyticsEvent> events = history.recentEvents((int) Math.min(MAX_TAIL, count));
        StringJoiner lines = new StringJoiner("\n");
        events.forEach(event -> lines.add(EventJson.toJson(event)));
        return events.isEmpty() ? "(no events yet)" : lines.toString();
    }

    public String catalogue(String... arguments) {
        String[] given = CATALOGUE.check(arguments);
        List<Catalogue> inUse = catalogues.catalogues();
        if (given.length == 0) {
            return CatalogueReport.list(inUse);
        }
        for (Catalogue catalogue : inUse) {
            EventSpec event = catalogue.events().get(given[0]);
            if (event != null) {
                return CatalogueReport.event(event, catalogue);
            }
        }
        throw new IllegalArgumentException("no catalogue in use declares the event '" + given[0]
                + "'; analytics:catalogue lists them");
    }

    public String demo(String... arguments) {
        DEMO.check(arguments);
        // The bridge ignores bus events while analytics is off: "published" would claim what never happened.
        if (!analytics.isEnabled()) {
            throw new IllegalStateException("analytics is off (" + offReason() + ")");
        }
        DemoSession session = DemoSession.start();
        session.events().forEach(eventAdmin::sendEvent);
        flushWithin(DEFAULT_FLUSH_TIMEOUT);
        return "demo session " + session.id() + " published; see analytics:tail";
    }

    /** The names of the events of every catalogue in use, sorted: what {@code capture} and {@code catalogue} take. */
    public List<String> eventNames() {
        TreeSet<String> names = new TreeSet<>();
        catalogues.catalogues().forEach(catalogue -> names.addAll(catalogue.events().keySet()));
        return List.copyOf(names);
    }

    /** The properties {@code event} declares, in its catalogue's order; none for an event no catalogue declares. */
    public List<String> propertyNames(String event) {
        EventSpec spec = catalogues.find(event);
        return spec == null ? List.of() : List.copyOf(spec.properties().keySet());
    }

    /** The EventAdmin topics the bridge reads: what {@code publish} is for. */
    public List<String> topics() {
        return BusEventHandler.TOPICS;
    }

    private void flushWithin(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        boolean complete = bridge.awaitProcessed(timeout) && analytics.flush(deadline.remaining());
        if (!complete) {
            throw new IllegalStateException("flush did not complete within " + timeout.toMillis()
                    + " ms; see analytics:status");
        }
    }

    // What a capture that was not accepted means for the user, and where to look.
    private String explain(CaptureResult result) {
        switch (result) {
            case DISABLED:
                return "analytics is off: " + offReason();
            case UNKNOWN_EVENT:
                return "no catalogue in use declares it; analytics:catalogue lists them";
            case DROPPED_INCOMPLETE:
                return "a property its catalogue requires was missing or refused; see analytics:catalogue "
                        + "EVENT";
            case DROPPED_OVERFLOW:
                return "no queue had room; see analytics:status";
            case DROPPED_OVERSIZED:
                return "larger than the per-event limit";
            default:
                return "an error while processing it; see analytics:status";
        }
    }

    private String offReason() {
        return analytics.disabledReason().orElse("unknown reason");
    }

    private static long positiveNumber(String text, String what, long max) {
        try {
            long value = Long.parseLong(text.trim());
            if (value > 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a whole number from 1"
                + (max == Long.MAX_VALUE ? "" : " to " + max) + ", got '" + text + "'");
    }
}
