package org.openjarvis.analytics.impl.bridge;

import static org.openjarvis.analytics.impl.bridge.PythonValues.or;
import static org.openjarvis.analytics.impl.bridge.PythonValues.str;
import static org.openjarvis.analytics.impl.bridge.PythonValues.truthy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.common.files.PrivateFiles;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.privacy.HashId;
import org.openjarvis.analytics.impl.session.SessionRecorder;

/**
 * The reference's {@code EventBridge} handlers, one method per bus event type, with its exact data rules (see
 * {@link PythonValues}). A handler that meets data Python would reject records nothing for that event, as the
 * reference's blanket {@code except} does.
 *
 * <p>Deliberate differences: the first-chat flag file is written only after {@code first_chat_sent} was accepted,
 * so an event refused (analytics off, queue full) is tried again on the next inference instead of being lost; and
 * at most {@value #MAX_TRACKED_TOOL_NAMES} tool names are remembered for {@code tool_first_used} (the reference's
 * set is unbounded).
 */
public final class EventBridge {

    // The bridge's own engine set: the catalogue's without "unknown".
    private static final Set<String> ENGINES = Set.of("ollama", "vllm", "mlx", "llama_cpp", "openai", "anthropic",
            "google");
    private static final String DEFAULT_SESSION = "default";

    /** Most distinct tool names remembered for {@code tool_first_used}; a new name beyond it is not reported. */
    public static final int MAX_TRACKED_TOOL_NAMES = 10_000;

    private final SessionRecorder aggregator;
    private final EventCapturer client;
    private final Supplier<Path> firstChatFlag;
    private final Supplier<String> defaultPlatform;
    private final Consumer<String> warnings;
    private final Object lock = new Object();
    private final Set<String> firstToolUses = new HashSet<>(); // guarded by lock
    private long toolNamesUntracked; // guarded by lock
    private Path firstChatDecidedFor; // the flag known to be set, or being set; guarded by lock

    /**
     * @param firstChatFlag the marker file that records, across restarts, that {@code first_chat_sent} was sent;
     *        read at each use, as the configured home may change; null while there is no usable home
     * @param defaultPlatform the platform a security alert reports when it names none (the reference's is
     *        always {@code cli})
     * @param warnings receives a message when the flag file cannot be written
     */
    public EventBridge(SessionRecorder aggregator, EventCapturer client, Supplier<Path> firstChatFlag,
            Supplier<String> defaultPlatform, Consumer<String> warnings) {
        this.aggregator = aggregator;
        this.client = client;
        this.firstChatFlag = firstChatFlag;
        this.defaultPlatform = defaultPlatform;
        this.warnings = warnings;
    }

    /**
     * Handles one bus event. Unknown types are ignored.
     *
     * @param data the event's properties; null is treated as empty
     * @return false if the data made the handler give up (nothing was recorded for this event)
     */
    public boolean handle(String type, Map<String, ?> data) {
        Map<String, ?> values = data == null ? Map.of() : data;
        try {
            switch (type) {
                case "INFERENCE_END":
                    onInferenceEnd(values);
                    break;
                case "TOOL_CALL_END":
                    onToolEnd(values);
                    break;
                case "SESSION_END":
                    aggregator.endSession(sessionId(values));
                    break;
                case "AGENT_TURN_END":
                    if (truthy(values.get("error"))) {
                        aggregator.recordError(sessionId(values));
                    }
                    break;
                case "FEEDBACK_RECEIVED":
                    onFeedback(values);
                    break;
                case "SECURITY_ALERT":
                    onSecurityAlert(values);
                    break;
                default:
                    break;
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Tool uses whose name was new but not reported, because {@value #MAX_TRACKED_TOOL_NAMES} were remembered. */
    public long toolNamesUntracked() {
        synchronized (lock) {
            return toolNamesUntracked;
        }
    }

    private void onInferenceEnd(Map<String, ?> data) {
        Object latencyMs = data.get("latency_ms");
        double latency = truthy(latencyMs) ? PythonValues.toFloat(latencyMs)
                : PythonValues.multiply(or(data.get("latency_seconds"), 0), 1000.0);
        Object model = data.containsKey("model") ? data.get("model") : "";
        aggregator.recordInference(sessionId(data),
                PythonValues.toIntClamped(or(data.get("input_tokens"), data.get("prompt_tokens"), 0)),
                PythonValues.toIntClamped(or(data.get("output_tokens"), data.get("completion_tokens"), 0)),
                latency, HashId.hashId(str(model)), normaliseEngine(data.get("engine")));
        captureFirstChatOnce();
    }

    private void captureFirstChatOnce() {
        synchronized (lock) {
            // Decided per flag file: a new home (a new anonymous id) has its own first chat.
            Path flag = firstChatFlag.get();
            if (flag == null || flag.equals(firstChatDecidedFor)) { // no home: analytics cannot run anyway
                return;
            }
            if (Files.exists(flag)) {
                firstChatDecidedFor = flag;
                return;
            }
            if (client.capture("first_chat_sent", new LinkedHashMap<>()) != CaptureResult.ACCEPTED) {
                return;
            }
            firstChatDecidedFor = flag;
            try {
                PrivateFiles.createDirectories(flag.toAbsolutePath().getParent());
                try {
                    PrivateFiles.createFile(flag);
                } catch (FileAlreadyExistsException e) {
                    // Another process wrote it first: the flag is set either way.
                }
            } catch (IOException e) {
                warnings.accept("first-chat flag " + flag + " could not be written (" + e
                        + "); first_chat_sent may be sent again after a restart");
            }
        }
    }

    private void onToolEnd(Map<String, ?> data) {
        String raw = str(or(data.get("tool_name"), data.get("tool"), ""));
        String key = HashId.hashId(raw);
        aggregator.recordTool(sessionId(data), key);
        boolean first;
        synchronized (lock) {
            first = !key.isEmpty() && !firstToolUses.contains(key);
            if (first && firstToolUses.size() >= MAX_TRACKED_TOOL_NAMES) {
                toolNamesUntracked++; // cannot be remembered, so it is not reported at all rather than every time
                first = false;
            } else if (first) {
                firstToolUses.add(key);
            }
        }
        if (first) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("tool_name", EventCatalogue.KNOWN_TOOL_NAMES.contains(raw) ? raw : "custom_tool");
            client.capture("tool_first_used", properties);
        }
    }

    private void onFeedback(Map<String, ?> data) {
        Object rating = data.get("rating");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("rating", PythonValues.isNumber(rating) ? narrow(PythonValues.toInt(rating)) : 0L);
        properties.put("has_comment", truthy(data.get("comment")) || truthy(data.get("text")));
        client.capture("feedback_submitted", properties);
    }

    private void onSecurityAlert(Map<String, ?> data) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("error_class", "permission_denied");
        properties.put("platform", str(data.containsKey("platform") ? data.get("platform") : defaultPlatform.get()));
        client.capture("error_shown_to_user", properties);
    }

    private static String sessionId(Map<String, ?> data) {
        for (String key : new String[] {"session_id", "session", "trace_id"}) {
            Object value = data.get(key);
            if (truthy(value)) {
                return str(value);
            }
        }
        return DEFAULT_SESSION;
    }

    private static String normaliseEngine(Object raw) {
        if (!(raw instanceof String)) {
            return "";
        }
        String engine = ((String) raw).toLowerCase(Locale.ROOT);
        return ENGINES.contains(engine) ? engine : "unknown";
    }

    private static Object narrow(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}
