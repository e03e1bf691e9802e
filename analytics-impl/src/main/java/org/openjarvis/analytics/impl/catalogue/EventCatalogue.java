package org.openjarvis.analytics.impl.catalogue;

import static org.openjarvis.analytics.impl.catalogue.PropertyValidator.BOOL;
import static org.openjarvis.analytics.impl.catalogue.PropertyValidator.HASH16;
import static org.openjarvis.analytics.impl.catalogue.PropertyValidator.INT_NONNEG;
import static org.openjarvis.analytics.impl.catalogue.PropertyValidator.NUMBER_NONNEG;
import static org.openjarvis.analytics.impl.catalogue.PropertyValidator.SHORT_STR;
import static org.openjarvis.analytics.impl.catalogue.PropertyValidator.oneOf;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.openjarvis.analytics.api.CatalogueEvent;

/**
 * The reference's {@code openjarvis.analytics.events}: the 17 events, their typed property allow-lists and
 * {@code validate_event}. Enum values are listed in the reference's declaration order.
 */
public final class EventCatalogue {

    public static final Set<String> OS_VALUES = ordered("darwin", "linux", "wsl", "windows", "unknown");
    public static final Set<String> ARCH_VALUES = ordered("x86_64", "arm64", "aarch64", "unknown");
    public static final Set<String> PLATFORM_VALUES = ordered("cli", "macos", "linux", "windows", "tauri-macos",
            "tauri-linux", "tauri-windows", "web");
    public static final Set<String> INSTALL_STAGES = ordered("deps", "uv", "python", "venv", "package", "ollama",
            "model_download", "config", "verify", "complete");
    public static final Set<String> SETUP_PRESETS = ordered("morning-digest-mac", "deep-research",
            "code-assistant", "minimal", "custom", "default");
    public static final Set<String> ERROR_CLASSES = ordered("network_error", "engine_unreachable",
            "model_not_found", "tool_timeout", "tool_error", "rate_limit", "auth_failure", "permission_denied",
            "validation_error", "config_error", "unknown_error");
    public static final Set<String> KNOWN_FEATURES = ordered("chat", "voice", "agents", "skills", "memory", "tools",
            "connectors", "scheduler", "workflows", "digest", "research", "evals", "feedback",
            "telemetry_dashboard", "settings");
    public static final Set<String> KNOWN_TOOL_NAMES = ordered("http_request", "file_read", "file_write", "shell",
            "search_web", "calculator", "memory_search", "memory_store", "code_exec", "image_view", "gmail",
            "calendar", "drive", "github", "hackernews", "weather", "notion", "strava", "custom_tool");
    public static final Set<String> KNOWN_CONNECTORS = ordered("google", "gmail", "calendar", "drive", "github",
            "notion", "strava", "weather", "hackernews", "slack", "telegram", "discord", "webhook", "sendblue",
            "whatsapp", "signal", "custom");
    public static final Set<String> KNOWN_ENGINES = ordered("ollama", "vllm", "mlx", "llama_cpp", "openai",
            "anthropic", "google", "unknown");

    private static final Map<CatalogueEvent, EventSpec> REGISTRY = buildRegistry();

    private EventCatalogue() {
    }

    /** The spec of a catalogue event. */
    public static EventSpec spec(CatalogueEvent event) {
        return REGISTRY.get(event);
    }

    /** All specs in registry order. */
    public static List<EventSpec> specs() {
        return List.copyOf(REGISTRY.values());
    }

    /**
     * The reference's {@code validate_event}: empty for a name outside the catalogue (the caller drops the whole
     * event); otherwise a new map with only the declared properties whose value passes its validator, in input
     * order. Unknown keys and failing values are dropped silently; nothing is coerced.
     */
    public static Optional<Map<String, Object>> validateEvent(String eventName, Map<String, ?> properties) {
        Optional<CatalogueEvent> event = CatalogueEvent.forName(eventName);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        EventSpec spec = REGISTRY.get(event.get());
        Map<String, Object> validated = new LinkedHashMap<>();
        if (properties != null) {
            for (Map.Entry<String, ?> property : properties.entrySet()) {
                if (spec.accepts(property.getKey(), property.getValue())) {
                    validated.put(property.getKey(), property.getValue());
                }
            }
        }
        return Optional.of(validated);
    }

    private static Map<CatalogueEvent, EventSpec> buildRegistry() {
        Map<CatalogueEvent, EventSpec> registry = new EnumMap<>(CatalogueEvent.class);
        PropertyValidator os = oneOf(OS_VALUES);
        PropertyValidator arch = oneOf(ARCH_VALUES);
        PropertyValidator stage = oneOf(INSTALL_STAGES);
        PropertyValidator platform = oneOf(PLATFORM_VALUES);
        PropertyValidator engine = oneOf(KNOWN_ENGINES);
        define(registry, CatalogueEvent.INSTALL_STARTED,
                "os", os, "arch", arch, "installer_version", SHORT_STR);
        define(registry, CatalogueEvent.INSTALL_STAGE_COMPLETED,
                "stage", stage, "elapsed_ms", INT_NONNEG, "os", os);
        define(registry, CatalogueEvent.INSTALL_COMPLETED,
                "total_elapsed_ms", INT_NONNEG, "os", os, "arch", arch);
        define(registry, CatalogueEvent.INSTALL_FAILED,
                "stage", stage, "exit_code", INT_NONNEG, "os", os, "arch", arch);
        define(registry, CatalogueEvent.UNINSTALL_STARTED,
                "days_since_install", INT_NONNEG, "os", os);
        define(registry, CatalogueEvent.APP_OPENED,
                "version", SHORT_STR, "platform", platform);
        define(registry, CatalogueEvent.SETUP_COMPLETED,
                "preset", oneOf(SETUP_PRESETS), "model_hash", HASH16, "engine", engine);
        define(registry, CatalogueEvent.FIRST_CHAT_SENT,
                "platform", platform);
        define(registry, CatalogueEvent.CHAT_SESSION_ENDED,
                "turn_count", INT_NONNEG, "tokens_in", INT_NONNEG, "tokens_out", INT_NONNEG,
                "latency_ms_p50", NUMBER_NONNEG, "latency_ms_p95", NUMBER_NONNEG,
                "tool_count", INT_NONNEG, "unique_tools", INT_NONNEG, "unique_models", INT_NONNEG,
                "error_count", INT_NONNEG, "model_hash", HASH16, "engine", engine, "duration_ms", INT_NONNEG);
        define(registry, CatalogueEvent.TOOL_FIRST_USED,
                "tool_name", oneOf(KNOWN_TOOL_NAMES));
        define(registry, CatalogueEvent.MODEL_CHANGED,
                "from_model_hash", HASH16, "to_model_hash", HASH16, "engine", engine);
        define(registry, CatalogueEvent.CONNECTOR_AUTH_COMPLETED,
                "connector_name", oneOf(KNOWN_CONNECTORS));
        define(registry, CatalogueEvent.FEATURE_USED,
                "feature_name", oneOf(KNOWN_FEATURES));
        define(registry, CatalogueEvent.FEEDBACK_SUBMITTED,
                "rating", INT_NONNEG, "has_comment", BOOL);
        define(registry, CatalogueEvent.ERROR_SHOWN_TO_USER,
                "error_class", oneOf(ERROR_CLASSES), "platform", platform);
        define(registry, CatalogueEvent.SETTINGS_CHANGED,
                "setting_key", SHORT_STR);
        define(registry, CatalogueEvent.USAGE_DAILY_SUMMARY,
                "sessions", INT_NONNEG, "total_tokens", INT_NONNEG, "total_inferences", INT_NONNEG,
                "unique_tools", INT_NONNEG, "unique_models", INT_NONNEG, "total_errors", INT_NONNEG,
                "total_duration_ms", INT_NONNEG);
        return Collections.unmodifiableMap(registry);
    }

    // Pairs of (property name, validator), in declaration order.
    private static void define(Map<CatalogueEvent, EventSpec> registry, CatalogueEvent event,
            Object... namesAndValidators) {
        Map<String, PropertyValidator> properties = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValidators.length; i += 2) {
            properties.put((String) namesAndValidators[i], (PropertyValidator) namesAndValidators[i + 1]);
        }
        registry.put(event, new EventSpec(event, properties));
    }

    private static Set<String> ordered(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }
}
