package org.openjarvis.analytics.impl.file;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the local file sink, PID {@value FileSinkComponent#PID}.
 *
 * <p>The metatype designate comes from {@code pid} here, not from a {@code @Designate} on the component: the
 * component has two configuration PIDs, and bnd rejects {@code @Designate} on such a component ("specifies multiple
 * pids ..., and a Designate which requires exactly one pid").
 */
@ObjectClassDefinition(pid = FileSinkComponent.PID, name = "OpenJarvis Analytics: local event log",
        description = "The embedded default sink: writes every analytics event, exactly as it would be sent to "
                + "PostHog, as one JSON object per line to a local file. Nothing leaves the machine. A change of "
                + "the resolved path or of the rotation settings restarts the sink.")
public @interface FileSinkConfiguration {

    @AttributeDefinition(required = false, name = "Path",
            description = "The event log file. Empty means <home>/analytics/events.jsonl, where <home> is the "
                    + "'home' setting of org.openjarvis.analytics, else the framework property "
                    + "org.openjarvis.analytics.home, else $OPENJARVIS_HOME, else $XDG_DATA_HOME/openjarvis, else "
                    + "~/.openjarvis. A leading ~/ means the user's home directory; a relative path is taken "
                    + "relative to <home>.")
    String path() default "";

    @AttributeDefinition(required = false, name = "Rotation size (bytes)",
            description = "When the next line would make the file larger than this, it is renamed to "
                    + "events.jsonl.1 (older files shift to .2, .3, ...) and a new file is started. "
                    + "At least 1024.", min = "" + FileSinkSettings.MIN_ROTATION_BYTES)
    long rotation_max_bytes() default FileSinkSettings.DEFAULT_ROTATION_BYTES;

    @AttributeDefinition(required = false, name = "Rotated files kept",
            description = "How many rotated files to keep; the oldest beyond this are deleted. 0 keeps none: "
                    + "a full file is deleted and started afresh (0 to 100).", min = "0",
            max = "" + FileSinkSettings.MAX_KEEP)
    int rotation_keep() default FileSinkSettings.DEFAULT_KEEP;
}
