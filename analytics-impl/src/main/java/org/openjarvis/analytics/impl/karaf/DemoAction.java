package org.openjarvis.analytics.impl.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.CommandHelp;

/** {@code analytics:demo}. */
@Service
@Command(scope = CommandHelp.SCOPE, name = "demo", description = CommandHelp.DEMO)
public class DemoAction extends AnalyticsAction {

    @Override
    String run(AnalyticsCommands commands) {
        return commands.demo();
    }
}
