package org.openjarvis.analytics.impl.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * The vectors' "recording client": remembers each capture with the op index it happened in, what was passed
 * ({@code properties}) and what the real pipeline would send after redaction and validation ({@code sent}).
 */
final class RecordingClient {
    private final List<Object> captures = new ArrayList<>();
    private int step;

    void setStep(int step) {
        this.step = step;
    }

    void capture(String event, Map<String, Object> properties) {
        Map<String, Object> capture = new LinkedHashMap<>();
        capture.put("step", step);
        capture.put("event", event);
        capture.put("properties", new LinkedHashMap<>(properties));
        capture.put("sent", ReferenceFunctions.validateEvent(event, ReferenceFunctions.redact(properties)).orElse(null));
        captures.add(capture);
    }

    List<Object> captures() {
        return captures;
    }
}
