package org.openjarvis.analytics.impl.file;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the local file sink, PID {@value FileSinkComponent#PID}. */
@ObjectClassDefinition(name = "OpenJarvis Analytics: local event log",
        description = "The embedded default sink: writes every analytics event as one JSON object per line to a "
                + "local file: the event as the PostHog sink sends it, without the four properties it adds to "
                + "every event ($lib, $lib_version, $geoip_disable, $process_person_profile), and with line "
                + "separators escaped so that a line is always one event. Nothing leaves the machine. A change of "
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
