package org.openjarvis.analytics.impl.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.impl.bridge.EventBridge;
import org.openjarvis.analytics.impl.session.SessionAggregator;

/**
 * Replays one {@code bridge.json} case against the real {@link EventBridge} and {@link SessionAggregator}, with a
 * fake clock, a recording client that accepts everything and a first-chat flag file in a fresh directory.
 */
final class BridgeScenario {

    private static final double DEFAULT_IDLE_TIMEOUT_SECONDS = 300;

    private BridgeScenario() {
    }

    static void check(JsonNode testCase) {
        Path directory = createTempDirectory();
        try {
            run(testCase, directory);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void run(JsonNode testCase, Path directory) {
        Path flag = directory.resolve("first_chat_sent");
        if (testCase.get("initial_state").get("first_chat_flag_exists").booleanValue()) {
            write(flag);
        }
        RecordingClient client = new RecordingClient();
        double[] nowSeconds = {0.0};
        SessionAggregator aggregator = new SessionAggregator(client::capture, DEFAULT_IDLE_TIMEOUT_SECONDS,
                () -> nowSeconds[0]);
        EventBridge bridge = new EventBridge(aggregator, (event, properties) -> {
            client.capture(event, properties);
            return CaptureResult.ACCEPTED;
        }, () -> flag, () -> "cli", warning -> {
            throw new AssertionError("unexpected warning: " + warning);
        });
        JsonNode events = testCase.get("events");
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            client.setStep(i);
            nowSeconds[0] = event.get("at_ms").asLong() / 1000.0;
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) JsonValues.toJava(event.get("data"));
            bridge.handle(event.get("type").textValue(), data);
        }
        client.setStep(events.size());
        // The reference's bridge.stop(); in the framework, the session aggregator component's deactivation.
        aggregator.shutdown();

        JsonNode output = testCase.get("output");
        assertEquals(JsonValues.canonical(JsonValues.toJava(output.get("captures"))),
                JsonValues.canonical(client.captures()));
        assertEquals(output.get("first_chat_flag_exists").booleanValue(), Files.exists(flag),
                "first-chat flag file exists at the end");
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("bridge-vector");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file) {
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
