package org.openjarvis.analytics.impl.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.CommandHelp;

/** {@code analytics:catalogue}. */
@Service
@Command(scope = CommandHelp.SCOPE, name = "catalogue", description = CommandHelp.CATALOGUE)
public class CatalogueAction extends AnalyticsAction {

    @Argument(index = 0, name = "event", description = "an event name (optional)")
    @Completion(EventNameCompleter.class)
    String event;

    @Override
    String run(AnalyticsCommands commands) {
        return commands.catalogue(arguments(event, null));
    }
}
