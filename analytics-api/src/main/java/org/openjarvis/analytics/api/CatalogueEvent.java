package org.openjarvis.analytics.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The closed catalogue of anonymous events, in the reference's registry order.
 *
 * <p>Only these 17 names can ever leave the machine. Each event has its own allow-list of typed properties;
 * every other property is dropped before a sink sees the event.
 */
public enum CatalogueEvent {
    /** Wire name {@code install_started}. */
    INSTALL_STARTED("install_started", "Install script began executing (curl | bash entry)."),
    /** Wire name {@code install_stage_completed}. */
    INSTALL_STAGE_COMPLETED("install_stage_completed", "One install stage finished successfully."),
    /** Wire name {@code install_completed}. */
    INSTALL_COMPLETED("install_completed", "Full install finished successfully."),
    /** Wire name {@code install_failed}. */
    INSTALL_FAILED("install_failed", "Install script exited non-zero at a known stage."),
    /** Wire name {@code uninstall_started}. */
    UNINSTALL_STARTED("uninstall_started", "Uninstall script began executing."),
    /** Wire name {@code app_opened}. */
    APP_OPENED("app_opened", "App boot \u2014 every launch of CLI or desktop UI."),
    /** Wire name {@code setup_completed}. */
    SETUP_COMPLETED("setup_completed", "`jarvis init` finished and config.toml was written."),
    /** Wire name {@code first_chat_sent}. */
    FIRST_CHAT_SENT("first_chat_sent", "First chat message ever sent on this anon_id."),
    /** Wire name {@code chat_session_ended}. */
    CHAT_SESSION_ENDED("chat_session_ended",
            "A chat session closed (explicit close or idle timeout). Aggregated counts only \u2014 no content."),
    /** Wire name {@code tool_first_used}. */
    TOOL_FIRST_USED("tool_first_used", "First time this anon_id used a given tool."),
    /** Wire name {@code model_changed}. */
    MODEL_CHANGED("model_changed", "User explicitly switched the active model."),
    /** Wire name {@code connector_auth_completed}. */
    CONNECTOR_AUTH_COMPLETED("connector_auth_completed", "OAuth flow finished successfully for a connector."),
    /** Wire name {@code feature_used}. */
    FEATURE_USED("feature_used", "A top-level feature was invoked."),
    /** Wire name {@code feedback_submitted}. */
    FEEDBACK_SUBMITTED("feedback_submitted", "User submitted feedback. No comment content sent."),
    /** Wire name {@code error_shown_to_user}. */
    ERROR_SHOWN_TO_USER("error_shown_to_user", "A user-visible error was rendered. Error class only."),
    /** Wire name {@code settings_changed}. */
    SETTINGS_CHANGED("settings_changed", "User toggled or modified a setting."),
    /** Wire name {@code usage_daily_summary}. */
    USAGE_DAILY_SUMMARY("usage_daily_summary",
            "Once-per-day aggregated counts. Cheaper than per-event for high-frequency operations.");

    // values() clones its array on every call, and a lookup runs on every capture.
    private static final Map<String, CatalogueEvent> BY_NAME = byName();

    private final String eventName;
    private final String description;

    CatalogueEvent(String eventName, String description) {
        this.eventName = eventName;
        this.description = description;
    }

    /**
     * The wire name.
     *
     * @return the name, for example {@code chat_session_ended}; never null
     */
    public String eventName() {
        return eventName;
    }

    /**
     * The reference's description of when the event is sent.
     *
     * @return the description, never null
     */
    public String description() {
        return description;
    }

    /**
     * Looks up a catalogue event by its exact wire name. The match is case-sensitive and nothing is trimmed,
     * exactly as in the reference.
     *
     * @param eventName the wire name; may be null, which matches nothing
     * @return the event, never null; empty if no event of this catalogue has that name
     */
    public static Optional<CatalogueEvent> forName(String eventName) {
        return eventName == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(eventName));
    }

    private static Map<String, CatalogueEvent> byName() {
        Map<String, CatalogueEvent> byName = new HashMap<>();
        for (CatalogueEvent event : values()) {
            byName.put(event.eventName, event);
        }
        return Map.copyOf(byName);
    }
}
