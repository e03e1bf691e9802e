package org.openjarvis.analytics.api;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Captures anonymous product-analytics events.
 *
 * <p>Every call is safe on any thread: {@code capture} never throws into the caller and never blocks on I/O.
 * Each capture runs through the same privacy pipeline as the reference implementation, in this order:
 * <ol>
 * <li>redaction: empty strings, strings over 200 code points, PII-looking strings and composite values
 * (collections, maps, arrays) are removed;</li>
 * <li>validation against the closed catalogue: unknown event names drop the whole event, unknown or ill-typed
 * properties are removed;</li>
 * <li>hand-off to a bounded queue; the bound {@link AnalyticsSink} services receive the event asynchronously.</li>
 * </ol>
 *
 * <p>Consent is checked first. While analytics is off, nothing is captured, no anonymous id is created and no
 * sink receives anything.
 */
@ProviderType
public interface AnalyticsService {

    /**
     * Captures one event.
     *
     * @param eventName a catalogue event name such as {@code feature_used}; may be null, and a null or unknown
     *        name drops the event
     * @param properties the event's properties, or null for none; the map is read, never modified or kept
     * @return what happened to the event; never null
     */
    CaptureResult capture(String eventName, Map<String, ?> properties);

    /**
     * Same as {@link #capture(String, Map)} with the event's wire name.
     *
     * @param event one of OpenJarvis's catalogue events; may be null, which drops the event as an unknown name
     * @param properties the event's properties, or null for none; the map is read, never modified or kept
     * @return what happened to the event; never null
     */
    default CaptureResult capture(CatalogueEvent event, Map<String, ?> properties) {
        return capture(event == null ? null : event.eventName(), properties);
    }

    /**
     * Whether events are currently being captured.
     *
     * @return true while analytics is on
     */
    boolean isEnabled();

    /**
     * Why analytics is off, for example {@code "environment variable DO_NOT_TRACK=1"}.
     *
     * @return the reason, never null; empty while analytics is on
     */
    Optional<String> disabledReason();

    /**
     * The anonymous installation id. No id is created without consent.
     *
     * @return the id, never null; empty while analytics is off
     */
    Optional<String> anonymousId();

    /**
     * Replaces the anonymous id with a new random one and returns it. Nothing is written while analytics is off.
     *
     * @return the new id, never null; empty while analytics is off
     */
    Optional<String> resetAnonymousId();

    /**
     * Hands every queued event to the sinks and asks each sink to flush, waiting at most {@code timeout}.
     *
     * @param timeout the longest time to wait; never null
     * @return true if everything accepted so far was delivered and flushed in time
     * @throws NullPointerException if {@code timeout} is null
     */
    boolean flush(Duration timeout);

    /**
     * A snapshot of the counters and of every bound sink, for status pages and health checks.
     *
     * @return the snapshot, never null
     */
    AnalyticsStatus status();

    /**
     * Whether an event that a sink kept for later, such as a spool on disk, may still be sent now: analytics is on,
     * its name is a catalogue event, its distinct id is the current anonymous id, and each of its properties passes
     * redaction and validation as it is. A sink that keeps events across runs asks this for each one before sending
     * it again: a file on disk is input, which anyone who can write to it may have changed.
     *
     * @param event an event as the sink received it, or as it read it back; may be null, which is not admitted
     * @return true if the event may be sent as it is
     * @since 1.2
     */
    boolean admits(AnalyticsEvent event);
}
