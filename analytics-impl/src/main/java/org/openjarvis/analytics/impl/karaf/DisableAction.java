package org.openjarvis.analytics.impl.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.CommandHelp;

/** {@code analytics:disable}. */
@Service
@Command(scope = CommandHelp.SCOPE, name = "disable", description = CommandHelp.DISABLE)
public class DisableAction extends AnalyticsAction {

    @Override
    String run(AnalyticsCommands commands) {
        return commands.disable();
    }
}
