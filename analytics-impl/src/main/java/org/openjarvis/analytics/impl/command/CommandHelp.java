package org.openjarvis.analytics.impl.command;

/**
 * What each {@code analytics:*} command does, in one line: the same help text for the Gogo functions
 * ({@code @Descriptor}) and the Karaf actions ({@code @Command}), which take it as a compile-time constant.
 */
public final class CommandHelp {

    public static final String SCOPE = "analytics";
    public static final String STATUS = "show whether analytics is on (or why not), the masked anonymous id, the "
            + "sinks and the counters";
    public static final String ENABLE = "undo analytics:disable; fails if analytics stays off (the environment or "
            + "configuration says no)";
    public static final String DISABLE = "turn analytics off, also after restarts; events not yet delivered are "
            + "discarded";
    public static final String CAPTURE = "capture a catalogue event, e.g. capture feature_used feature_name=chat; "
            + "fails unless accepted";
    public static final String PUBLISH = "send an EventAdmin event synchronously, e.g. publish "
            + "org/openjarvis/core/SESSION_END session_id=s1";
    public static final String FLUSH = "process queued bus events, then flush every sink, within the timeout "
            + "(default 10 s)";
    public static final String RESETID = "replace the anonymous id with a new random one";
    public static final String TAIL = "show the last events handed to the sinks, as JSON lines (default 10)";
    public static final String CATALOGUE = "list the event catalogues in use, or show one event's properties and "
            + "their rules";
    public static final String DEMO = "simulate a short chat session on EventAdmin, then flush; fails while "
            + "analytics is off";

    private CommandHelp() {
    }
}
