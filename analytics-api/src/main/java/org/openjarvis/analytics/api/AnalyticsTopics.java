package org.openjarvis.analytics.api;

/**
 * EventAdmin topics that the analytics bridge listens to, and the event property keys it reads.
 *
 * <p>Host bundles post their internal events on these topics with {@code postEvent}; the analytics bridge turns
 * them into anonymous catalogue events. Property values should be String, Long, Double or Boolean. Keys that are
 * not listed here are ignored.
 */
public final class AnalyticsTopics {

    /** Common prefix of the OpenJarvis bus topics. */
    public static final String CORE_PREFIX = "org/openjarvis/core/";

    /** An inference finished. Reads session keys, tokens, latency, {@link #MODEL} and {@link #ENGINE}. */
    public static final String INFERENCE_END = CORE_PREFIX + "INFERENCE_END";
    /** A tool call finished. Reads session keys and {@link #TOOL_NAME}/{@link #TOOL}. */
    public static final String TOOL_CALL_END = CORE_PREFIX + "TOOL_CALL_END";
    /** A chat session ended. Reads session keys. */
    public static final String SESSION_END = CORE_PREFIX + "SESSION_END";
    /** An agent turn ended. Reads session keys and {@link #ERROR}. */
    public static final String AGENT_TURN_END = CORE_PREFIX + "AGENT_TURN_END";
    /** The user gave feedback. Reads {@link #RATING} and the presence of {@link #COMMENT}/{@link #TEXT}. */
    public static final String FEEDBACK_RECEIVED = CORE_PREFIX + "FEEDBACK_RECEIVED";
    /** A security alert was raised. Reads {@link #PLATFORM}. */
    public static final String SECURITY_ALERT = CORE_PREFIX + "SECURITY_ALERT";

    /**
     * Direct capture without an API dependency: property {@link #EVENT} names the catalogue event, every other
     * property is one of its properties.
     */
    public static final String CAPTURE = "org/openjarvis/analytics/CAPTURE";

    /** Session id; the first truthy of {@code session_id}, {@code session}, {@code trace_id} is used. */
    public static final String SESSION_ID = "session_id";
    /** Alternative session key. */
    public static final String SESSION = "session";
    /** Alternative session key. */
    public static final String TRACE_ID = "trace_id";
    /** Prompt token count. */
    public static final String INPUT_TOKENS = "input_tokens";
    /** Alternative prompt token key. */
    public static final String PROMPT_TOKENS = "prompt_tokens";
    /** Completion token count. */
    public static final String OUTPUT_TOKENS = "output_tokens";
    /** Alternative completion token key. */
    public static final String COMPLETION_TOKENS = "completion_tokens";
    /** Inference latency in milliseconds. */
    public static final String LATENCY_MS = "latency_ms";
    /** Inference latency in seconds, used when {@link #LATENCY_MS} is absent or zero. */
    public static final String LATENCY_SECONDS = "latency_seconds";
    /** Model name; only its 16-hex-digit SHA-256 prefix is sent. */
    public static final String MODEL = "model";
    /** Engine name; normalised to the engine catalogue or {@code unknown}. */
    public static final String ENGINE = "engine";
    /** Tool name. */
    public static final String TOOL_NAME = "tool_name";
    /** Alternative tool name key. */
    public static final String TOOL = "tool";
    /** Truthy when the agent turn failed. */
    public static final String ERROR = "error";
    /** Feedback rating. */
    public static final String RATING = "rating";
    /** Feedback comment; only whether it is present is sent. */
    public static final String COMMENT = "comment";
    /** Alternative feedback comment key; only whether it is present is sent. */
    public static final String TEXT = "text";
    /** Platform of a security alert, for example {@code cli}. */
    public static final String PLATFORM = "platform";
    /** On {@link #CAPTURE}: the catalogue event name. */
    public static final String EVENT = "event";

    private AnalyticsTopics() {
    }
}
