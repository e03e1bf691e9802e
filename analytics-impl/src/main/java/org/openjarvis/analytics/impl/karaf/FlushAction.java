package org.openjarvis.analytics.impl.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.CommandHelp;

/** {@code analytics:flush}. */
@Service
@Command(scope = CommandHelp.SCOPE, name = "flush", description = CommandHelp.FLUSH)
public class FlushAction extends AnalyticsAction {

    @Argument(index = 0, name = "timeout", description = "in milliseconds (default 10000)")
    String timeout;

    @Override
    String run(AnalyticsCommands commands) {
        return commands.flush(arguments(timeout, null));
    }
}
