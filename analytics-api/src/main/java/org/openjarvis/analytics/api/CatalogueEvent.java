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
    INSTALL_STARTED("install_started", "Install script began executing (curl | bash entry)."),
    INSTALL_STAGE_COMPLETED("install_stage_completed", "One install stage finished successfully."),
    INSTALL_COMPLETED("install_completed", "Full install finished successfully."),
    INSTALL_FAILED("install_failed", "Install script exited non-zero at a known stage."),
    UNINSTALL_STARTED("uninstall_started", "Uninstall script began executing."),
    APP_OPENED("app_opened", "App boot \u2014 every launch of CLI or desktop UI."),
    SETUP_COMPLETED("setup_completed", "`jarvis init` finished and config.toml was written."),
    FIRST_CHAT_SENT("first_chat_sent", "First chat message ever sent on this anon_id."),
    CHAT_SESSION_ENDED("chat_session_ended",
            "A chat session closed (explicit close or idle timeout). Aggregated counts only \u2014 no content."),
    TOOL_FIRST_USED("tool_first_used", "First time this anon_id used a given tool."),
    MODEL_CHANGED("model_changed", "User explicitly switched the active model."),
    CONNECTOR_AUTH_COMPLETED("connector_auth_completed", "OAuth flow finished successfully for a connector."),
    FEATURE_USED("feature_used", "A top-level feature was invoked."),
    FEEDBACK_SUBMITTED("feedback_submitted", "User submitted feedback. No comment content sent."),
    ERROR_SHOWN_TO_USER("error_shown_to_user", "A user-visible error was rendered. Error class only."),
    SETTINGS_CHANGED("settings_changed", "User toggled or modified a setting."),
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

    /** The wire name, for example {@code chat_session_ended}. */
    public String eventName() {
        return eventName;
    }

    /** The reference's description of when the event is sent. */
    public String description() {
        return description;
    }

    /**
     * Looks up a catalogue event by its exact wire name. The match is case-sensitive and nothing is trimmed,
     * exactly as in the reference.
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
