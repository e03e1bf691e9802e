package org.openjarvis.analytics.impl.karaf;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;

/** Completes the name of an event of the catalogues in use. */
@Service
public class EventNameCompleter extends NamesCompleter {

    @Override
    List<String> names(AnalyticsCommands commands) {
        return commands.eventNames();
    }
}
