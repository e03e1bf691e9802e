package org.openjarvis.analytics.impl.karaf;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.CommandHelp;

/** {@code analytics:capture}. */
@Service
@Command(scope = CommandHelp.SCOPE, name = "capture", description = CommandHelp.CAPTURE)
public class CaptureAction extends AnalyticsAction {

    @Argument(index = 0, name = "event", description = "a catalogue event name", required = true)
    @Completion(EventNameCompleter.class)
    String event;

    @Argument(index = 1, name = "properties", description = "the properties, as key=value", multiValued = true)
    @Completion(PropertyNameCompleter.class)
    List<String> properties;

    @Override
    String run(AnalyticsCommands commands) {
        return commands.capture(arguments(event, properties));
    }
}
