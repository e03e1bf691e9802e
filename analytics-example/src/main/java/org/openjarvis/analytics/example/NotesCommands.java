package org.openjarvis.analytics.example;

import java.util.LinkedHashMap;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.CaptureResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A stand-in for an application's own code: the shell commands {@code example:export} and {@code example:sync}
 * capture the two events of this bundle's catalogue, as the application would where the export or the sync
 * happens. Capturing never blocks and never throws; the result says what became of the event.
 */
@Component(service = NotesCommands.class, property = {
    "osgi.command.scope=example",
    "osgi.command.function=export",
    "osgi.command.function=sync"})
public final class NotesCommands {

    private final AnalyticsService analytics;

    @Activate
    public NotesCommands(@Reference AnalyticsService analytics) {
        this.analytics = analytics;
    }

    /** {@code example:export pdf 12 letter}: a note was exported. */
    public CaptureResult export(String format, long pages, String template) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("format", format);
        properties.put("pages", pages);
        properties.put("template", template);
        return analytics.capture("note_exported", properties);
    }

    /** {@code example:sync webdav 850}: a sync finished. */
    public CaptureResult sync(String provider, long durationMs) {
        return analytics.capture("sync_completed", Map.of("provider", provider, "duration_ms", durationMs,
                "client_version", "2.4.1"));
    }
}
