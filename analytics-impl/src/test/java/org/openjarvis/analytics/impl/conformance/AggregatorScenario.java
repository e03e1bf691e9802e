package org.openjarvis.analytics.impl.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import org.openjarvis.analytics.impl.session.SessionAggregator;

/** Replays one {@code aggregator.json} case against the real {@link SessionAggregator} with a fake clock. */
final class AggregatorScenario {

    private AggregatorScenario() {
    }

    static void check(JsonNode testCase) {
        RecordingClient client = new RecordingClient();
        double[] nowSeconds = {0.0};
        SessionAggregator aggregator = new SessionAggregator(client::capture,
                testCase.get("idle_timeout_s").asDouble(), () -> nowSeconds[0]);
        JsonNode ops = testCase.get("ops");
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            client.setStep(i);
            nowSeconds[0] = op.get("at_ms").asLong() / 1000.0;
            apply(aggregator, op);
        }
        assertEquals(JsonValues.canonical(JsonValues.toJava(testCase.get("output").get("captures"))),
                JsonValues.canonical(client.captures()));
    }

    private static void apply(SessionAggregator aggregator, JsonNode op) {
        String session = op.path("session_id").asText();
        switch (op.get("op").textValue()) {
            case "record_inference":
                aggregator.recordInference(session, op.path("tokens_in").asLong(0), op.path("tokens_out").asLong(0),
                        op.path("latency_ms").asDouble(0.0), op.path("model_hash").asText(""),
                        op.path("engine").asText(""));
                break;
            case "record_tool":
                aggregator.recordTool(session, op.path("tool_name").asText(""));
                break;
            case "record_error":
                aggregator.recordError(session);
                break;
            case "end_session":
                aggregator.endSession(session);
                break;
            case "tick":
                aggregator.flushIdle();
                break;
            case "shutdown":
                aggregator.shutdown();
                break;
            default:
                throw new IllegalArgumentException("unknown op " + op);
        }
    }
}
