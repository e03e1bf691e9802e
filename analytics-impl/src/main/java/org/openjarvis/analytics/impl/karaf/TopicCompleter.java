package org.openjarvis.analytics.impl.karaf;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;

/** Completes an EventAdmin topic the bridge reads. */
@Service
public class TopicCompleter extends NamesCompleter {

    @Override
    List<String> names(AnalyticsCommands commands) {
        return commands.topics();
    }
}
