package org.openjarvis.analytics.impl.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The metatype of {@value AnalyticsSettings#PID}. Only describes the properties: the service reads the raw
 * properties into {@link AnalyticsSettings}, so that a value of the wrong type is reported, not fatal. Every
 * property is optional (an empty configuration is valid), so none is marked required.
 */
@ObjectClassDefinition(name = "OpenJarvis Analytics",
        description = "Anonymous, privacy-first product analytics. The environment variables DO_NOT_TRACK and "
                + "OPENJARVIS_NO_ANALYTICS override these settings and turn analytics off.")
public @interface AnalyticsConfiguration {

    @AttributeDefinition(required = false, name = "Enabled",
            description = "Capture anonymous analytics events. When false (or not a boolean), nothing is captured, "
                    + "no anonymous id is created and events not yet delivered are discarded. A user's opt-out "
                    + "(analytics:disable) and DO_NOT_TRACK win over true.")
    boolean enabled() default true;

    @AttributeDefinition(required = false, name = "Home directory",
            description = "Where the anonymous id and the local event log live. Empty means the framework "
                    + "property org.openjarvis.analytics.home, then $OPENJARVIS_HOME, then "
                    + "$XDG_DATA_HOME/openjarvis, then ~/.openjarvis.")
    String home() default "";

    @AttributeDefinition(required = false, name = "Platform",
            description = "Platform reported by error_shown_to_user when a security alert names none.",
            options = {@Option(label = "Command line (cli)", value = "cli"),
                    @Option(label = "macOS (macos)", value = "macos"),
                    @Option(label = "Linux (linux)", value = "linux"),
                    @Option(label = "Windows (windows)", value = "windows"),
                    @Option(label = "Desktop app on macOS (tauri-macos)", value = "tauri-macos"),
                    @Option(label = "Desktop app on Linux (tauri-linux)", value = "tauri-linux"),
                    @Option(label = "Desktop app on Windows (tauri-windows)", value = "tauri-windows"),
                    @Option(label = "Web (web)", value = "web")})
    String platform() default "cli";

    @AttributeDefinition(required = false, name = "Privacy screen",
            description = "strict (the default) also refuses, in the free-text properties, the personal data and "
                    + "secrets the reference's patterns let through, numbers above 2^53 or not finite, card numbers "
                    + "written as numbers or hashes; reference keeps exactly the reference's redaction.",
            options = {@Option(label = "Strict: the reference's redaction and the strict screen (strict)",
                    value = "strict"),
                    @Option(label = "Reference: the reference's redaction only (reference)", value = "reference")})
    String privacy_screen() default "strict";

    @AttributeDefinition(required = false, name = "Session idle timeout (s)",
            description = "A chat session with no activity for longer than this is closed and reported "
                    + "(1 to 86400).", min = "1", max = "" + AnalyticsSettings.MAX_IDLE_TIMEOUT_SECONDS)
    long session_idle_timeout_seconds() default 300;

    @AttributeDefinition(required = false, name = "Session check interval (s)",
            description = "How often idle sessions are looked for (1 to 3600).", min = "1",
            max = "" + AnalyticsSettings.MAX_TICK_SECONDS)
    long session_tick_seconds() default 30;

    @AttributeDefinition(required = false, name = "Backlog capacity",
            description = "Most events queued per sink, most events kept while no sink is bound, and most bus "
                    + "events waiting for the bridge (1 to 1000000). Events beyond it are dropped and counted.",
            min = "1", max = "" + AnalyticsSettings.MAX_BACKLOG_CAPACITY)
    int backlog_capacity() default 100_000;

    @AttributeDefinition(required = false, name = "Backlog size limit (bytes)",
            description = "Most estimated bytes queued per sink, kept while no sink is bound, and waiting for the "
                    + "bridge (1024 to 1073741824).", min = "" + AnalyticsSettings.MIN_BACKLOG_BYTES,
            max = "" + AnalyticsSettings.MAX_BACKLOG_BYTES)
    long backlog_max_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(required = false, name = "Shutdown timeout (ms)",
            description = "How long deactivation may take to hand queued events to the sinks and flush them "
                    + "(0 to 600000).", min = "0", max = "" + AnalyticsSettings.MAX_SHUTDOWN_TIMEOUT_MS)
    long shutdown_timeout_ms() default 5_000;
}
