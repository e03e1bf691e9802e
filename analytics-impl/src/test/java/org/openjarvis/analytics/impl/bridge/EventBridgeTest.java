package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.impl.session.SessionAggregator;

/** Behaviour outside the conformance vectors: the deliberate first-chat difference and error handling. */
class EventBridgeTest {

    @TempDir
    Path home;

    private final List<String> captured = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private CaptureResult answer = CaptureResult.ACCEPTED;

    @Test
    void theFirstChatFlagIsWrittenOnlyAfterTheEventWasAccepted() {
        EventBridge bridge = bridge(home.resolve("first_chat_sent"));
        answer = CaptureResult.DISABLED;

        bridge.handle("INFERENCE_END", Map.of("session_id", "s"));

        assertThat(captured).containsExactly("first_chat_sent");
        assertThat(home.resolve("first_chat_sent")).doesNotExist();

        answer = CaptureResult.ACCEPTED;
        bridge.handle("INFERENCE_END", Map.of("session_id", "s"));
        bridge.handle("INFERENCE_END", Map.of("session_id", "s"));

        assertThat(captured).containsExactly("first_chat_sent", "first_chat_sent");
        assertThat(home.resolve("first_chat_sent")).exists();
    }

    @Test
    void anUnwritableFlagIsReportedAndTheEventIsNotSentTwiceInOneRun() throws Exception {
        Path occupied = Files.writeString(home.resolve("occupied"), "x");
        EventBridge bridge = bridge(occupied.resolve("first_chat_sent"));

        bridge.handle("INFERENCE_END", Map.of());
        bridge.handle("INFERENCE_END", Map.of());

        assertThat(captured).containsExactly("first_chat_sent");
        assertThat(warnings).singleElement().asString().contains("could not be written");
    }

    @Test
    void aNewHomeHasItsOwnFirstChat() {
        AtomicReference<Path> flag = new AtomicReference<>(home.resolve("a").resolve("first_chat_sent"));
        SessionAggregator aggregator = new SessionAggregator((event, props) -> captured.add(event), 300, () -> 0.0);
        EventBridge bridge = new EventBridge(aggregator, (event, props) -> {
            captured.add(event);
            return answer;
        }, flag::get, () -> "cli", warnings::add);

        bridge.handle("INFERENCE_END", Map.of("session_id", "s"));
        flag.set(home.resolve("b").resolve("first_chat_sent")); // home reconfigured at run time
        bridge.handle("INFERENCE_END", Map.of("session_id", "s"));
        bridge.handle("INFERENCE_END", Map.of("session_id", "s"));

        assertThat(captured).containsExactly("first_chat_sent", "first_chat_sent");
        assertThat(home.resolve("b").resolve("first_chat_sent")).exists();
    }

    @Test
    void dataPythonWouldRejectRecordsNothingAndReportsIt() {
        EventBridge bridge = bridge(home.resolve("first_chat_sent"));

        assertThat(bridge.handle("INFERENCE_END", Map.of("input_tokens", "abc"))).isFalse();
        assertThat(bridge.handle("FEEDBACK_RECEIVED", Map.of("rating", Double.NaN))).isFalse();
        assertThat(bridge.handle("SOMETHING_ELSE", Map.of())).isTrue();
        bridge.stop();

        assertThat(captured).isEmpty();
    }

    @Test
    void aLoneSurrogateInAModelOrToolNameAbortsTheHandlerBeforeAnythingIsRecorded() {
        // Python's hash_id raises UnicodeEncodeError inside the record_inference/record_tool call's arguments, so
        // the session is not touched and neither first_chat_sent nor tool_first_used is sent.
        SessionAggregator aggregator = new SessionAggregator((event, props) -> captured.add(event), 300, () -> 0.0);
        EventBridge bridge = new EventBridge(aggregator, (event, props) -> {
            captured.add(event);
            return answer;
        }, () -> home.resolve("first_chat_sent"), () -> "cli", warnings::add);

        assertThat(bridge.handle("INFERENCE_END", Map.of("session_id", "s", "model", "a\uD800"))).isFalse();
        assertThat(bridge.handle("TOOL_CALL_END", Map.of("session_id", "s", "tool", "x\uDC00"))).isFalse();
        assertThat(aggregator.openSessions()).isZero();
        // A lone surrogate in a session id is only a dict key in Python: recorded as usual.
        assertThat(bridge.handle("TOOL_CALL_END", Map.of("session_id", "s\uD800", "tool", "calculator"))).isTrue();
        bridge.stop();

        assertThat(captured).containsExactly("tool_first_used");
        assertThat(home.resolve("first_chat_sent")).doesNotExist();
    }

    @Test
    void theConfiguredPlatformIsTheSecurityAlertDefault() {
        List<Map<String, Object>> properties = new ArrayList<>();
        EventBridge bridge = new EventBridge(new SessionAggregator((e, p) -> { }, 300, () -> 0.0),
                (event, props) -> {
                    properties.add(props);
                    return CaptureResult.ACCEPTED;
                }, () -> home.resolve("first_chat_sent"), () -> "web", warnings::add);

        bridge.handle("SECURITY_ALERT", Map.of());

        assertThat(properties).containsExactly(Map.of("error_class", "permission_denied", "platform", "web"));
    }

    private EventBridge bridge(Path flag) {
        SessionAggregator aggregator = new SessionAggregator((event, props) -> captured.add(event), 300, () -> 0.0);
        return new EventBridge(aggregator, (event, props) -> {
            captured.add(event);
            return answer;
        }, () -> flag, () -> "cli", warnings::add);
    }
}
