package org.openjarvis.analytics.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable analytics event as handed to sinks. Its properties were already redacted and validated against
 * the catalogue, so they are scalars only: {@code String}, {@code Boolean}, integral numbers (including
 * {@code BigInteger}) and {@code Double}.
 *
 * <p>The {@link #uuid()} is unique per event and stays the same across delivery retries, so receivers can
 * de-duplicate. The {@link #catalogue()} names the catalogue the event was validated against; sinks send it as the
 * property {@code $catalogue}.
 */
public final class AnalyticsEvent {
    private final UUID uuid;
    private final String name;
    private final String distinctId;
    private final Instant timestamp;
    private final EventProperties properties;
    private final String catalogue;

    private AnalyticsEvent(UUID uuid, String name, String distinctId, Instant timestamp,
            Map<String, ?> properties, String catalogue) {
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.name = Objects.requireNonNull(name, "name");
        this.distinctId = Objects.requireNonNull(distinctId, "distinctId");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.properties = EventProperties.copyOf(Objects.requireNonNull(properties, "properties"));
        this.catalogue = catalogue;
    }

    /**
     * Creates an event. The properties are copied, keeping their iteration order, unless they already are an
     * immutable {@link EventProperties}.
     *
     * @param uuid the event's unique id; never null
     * @param name the catalogue event name; never null
     * @param distinctId the anonymous installation id; never null
     * @param timestamp when the event was captured; never null
     * @param properties the validated properties; never null, nor any key (a value may be null)
     * @return the event, never null
     * @throws NullPointerException if any argument or a property key is null
     */
    public static AnalyticsEvent of(UUID uuid, String name, String distinctId, Instant timestamp,
            Map<String, ?> properties) {
        return new AnalyticsEvent(uuid, name, distinctId, timestamp, properties, null);
    }

    /**
     * Creates an event validated against a catalogue. The properties are copied as by
     * {@link #of(UUID, String, String, Instant, Map)}.
     *
     * @param uuid the event's unique id; never null
     * @param name the catalogue event name; never null
     * @param distinctId the anonymous installation id; never null
     * @param timestamp when the event was captured; never null
     * @param properties the validated properties; never null, nor any key (a value may be null)
     * @param catalogue the catalogue, as {@code symbolic-name/version} of the bundle that contributes it; never null
     * @return the event, never null
     * @throws NullPointerException if any argument or a property key is null
     * @since 1.3
     */
    public static AnalyticsEvent of(UUID uuid, String name, String distinctId, Instant timestamp,
            Map<String, ?> properties, String catalogue) {
        return new AnalyticsEvent(uuid, name, distinctId, timestamp, properties,
                Objects.requireNonNull(catalogue, "catalogue"));
    }

    /**
     * The event's unique id.
     *
     * @return a UUID version 7 (time-ordered), never null
     */
    public UUID uuid() {
        return uuid;
    }

    /**
     * The catalogue event name.
     *
     * @return the name, for example {@code chat_session_ended}; never null
     */
    public String name() {
        return name;
    }

    /**
     * The anonymous installation id.
     *
     * @return the id, never null
     */
    public String distinctId() {
        return distinctId;
    }

    /**
     * When the event was captured.
     *
     * @return the instant, never null
     */
    public Instant timestamp() {
        return timestamp;
    }

    /**
     * {@link #timestamp()} as ISO-8601 in UTC with exactly three fraction digits, for example
     * {@code 2026-11-25T03:21:49.123Z}: the form PostHog and the local event log use. Sub-millisecond digits are
     * truncated.
     *
     * @return the formatted timestamp, never null
     * @since 1.1
     */
    public String isoTimestamp() {
        return IsoTimestamp.format(timestamp);
    }

    /**
     * The validated properties.
     *
     * @return the properties, unmodifiable, in capture order; never null
     */
    public Map<String, Object> properties() {
        return properties;
    }

    /**
     * The catalogue the event was validated against, as {@code symbolic-name/version} of the bundle that contributes
     * it, for example {@code org.openjarvis.analytics.impl/1.0.0}.
     *
     * @return the catalogue, never null; empty for an event made without one
     * @since 1.3
     */
    public Optional<String> catalogue() {
        return Optional.ofNullable(catalogue);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof AnalyticsEvent)) {
            return false;
        }
        AnalyticsEvent that = (AnalyticsEvent) other;
        return uuid.equals(that.uuid) && name.equals(that.name) && distinctId.equals(that.distinctId)
                && timestamp.equals(that.timestamp) && properties.equals(that.properties)
                && Objects.equals(catalogue, that.catalogue);
    }

    @Override
    public int hashCode() {
        return uuid.hashCode();
    }

    @Override
    public String toString() {
        return "AnalyticsEvent[" + name + " " + uuid + " at " + timestamp + " " + properties + "]";
    }
}
