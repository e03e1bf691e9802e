package org.openjarvis.analytics.impl.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.CommandHelp;

/** {@code analytics:tail}. */
@Service
@Command(scope = CommandHelp.SCOPE, name = "tail", description = CommandHelp.TAIL)
public class TailAction extends AnalyticsAction {

    @Argument(index = 0, name = "count", description = "how many (default 10, at most 100)")
    String count;

    @Override
    String run(AnalyticsCommands commands) {
        return commands.tail(arguments(count, null));
    }
}
