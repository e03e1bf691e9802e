package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
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
    private final SessionAggregator aggregator = new SessionAggregator((event, props) -> captured.add(event), 300,
            () -> 0.0);
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
        aggregator.shutdown(); // the reference's bridge.stop()

        assertThat(captured).isEmpty();
    }

    @Test
    void aLoneSurrogateInAModelOrToolNameAbortsTheHandlerBeforeAnythingIsRecorded() {
        // Python's hash_id raises UnicodeEncodeError inside the record_inference/record_tool call's arguments, so
        // the session is not touched and neither first_chat_sent nor tool_first_used is sent.
        EventBridge bridge = new EventBridge(aggregator, (event, props) -> {
            captured.add(event);
            return answer;
        }, () -> home.resolve("first_chat_sent"), () -> "cli", warnings::add);

        assertThat(bridge.handle("INFERENCE_END", Map.of("session_id", "s", "model", "a\uD800"))).isFalse();
        assertThat(bridge.handle("TOOL_CALL_END", Map.of("session_id", "s", "tool", "x\uDC00"))).isFalse();
        assertThat(aggregator.counters()).containsEntry("open_sessions", 0L);
        // A lone surrogate in a session id is only a dict key in Python: recorded as usual.
        assertThat(bridge.handle("TOOL_CALL_END", Map.of("session_id", "s\uD800", "tool", "calculator"))).isTrue();
        aggregator.shutdown(); // the reference's bridge.stop()

        assertThat(captured).containsExactly("tool_first_used");
        assertThat(home.resolve("first_chat_sent")).doesNotExist();
    }

    @Test
    void numbersPythonCannotTurnIntoAFloatAbortTheHandler() {
        EventBridge bridge = bridge(home.resolve("first_chat_sent"));

        // float(10**400) raises OverflowError; Decimal * 1000.0 raises TypeError.
        assertThat(bridge.handle("INFERENCE_END", Map.of("latency_ms", BigInteger.TEN.pow(400)))).isFalse();
        assertThat(bridge.handle("INFERENCE_END", Map.of("latency_seconds", BigInteger.TEN.pow(400)))).isFalse();
        assertThat(bridge.handle("INFERENCE_END", Map.of("latency_seconds", new BigDecimal("1.5")))).isFalse();
        aggregator.shutdown(); // the reference's bridge.stop()

        assertThat(captured).isEmpty();
    }

    @Test
    void aBigDecimalIsReadAsPythonReadsADecimal() {
        List<Map<String, Object>> sent = new ArrayList<>();
        SessionAggregator aggregator = new SessionAggregator((event, props) -> sent.add(props), 300, () -> 0.0);
        EventBridge bridge = new EventBridge(aggregator, (event, props) -> {
            sent.add(props);
            return CaptureResult.ACCEPTED;
        }, () -> home.resolve("first_chat_sent"), () -> "cli", warnings::add);

        // Python: Decimal('0.5') is truthy, so int(Decimal('0.5') or 7) == 0 and float(Decimal('0.5')) == 0.5.
        bridge.handle("INFERENCE_END", Map.of("session_id", "s", "input_tokens", new BigDecimal("0.5"),
                "prompt_tokens", 7L, "latency_ms", new BigDecimal("0.5")));
        bridge.handle("AGENT_TURN_END", Map.of("session_id", "s", "error", new BigDecimal("0.5")));
        // isinstance(Decimal('4'), (int, float)) is False, so the rating is 0.
        bridge.handle("FEEDBACK_RECEIVED", Map.of("rating", new BigDecimal("4")));
        aggregator.shutdown(); // the reference's bridge.stop()

        assertThat(sent).hasSize(3);
        assertThat(sent.get(1)).containsEntry("rating", 0L);
        assertThat(sent.get(2)).containsEntry("tokens_in", 0L).containsEntry("latency_ms_p50", 0.5)
                .containsEntry("error_count", 1L);
    }

    @Test
    void beyondTheTrackedToolNamesANewNameIsCountedInsteadOfReported() {
        EventBridge bridge = bridge(home.resolve("first_chat_sent"));
        for (int i = 0; i < EventBridge.MAX_TRACKED_TOOL_NAMES; i++) {
            bridge.handle("TOOL_CALL_END", Map.of("tool", "custom-" + i));
        }
        assertThat(captured).hasSize(EventBridge.MAX_TRACKED_TOOL_NAMES).containsOnly("tool_first_used");

        assertThat(bridge.handle("TOOL_CALL_END", Map.of("tool", "calculator"))).isTrue();
        assertThat(bridge.handle("TOOL_CALL_END", Map.of("tool", "calculator"))).isTrue();
        bridge.handle("TOOL_CALL_END", Map.of("tool", "custom-0")); // already known: de-duplicated as before

        assertThat(captured).hasSize(EventBridge.MAX_TRACKED_TOOL_NAMES);
        assertThat(bridge.toolNamesUntracked()).isEqualTo(2);
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
        return new EventBridge(aggregator, (event, props) -> {
            captured.add(event);
            return answer;
        }, () -> flag, () -> "cli", warnings::add);
    }
}
