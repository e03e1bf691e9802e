package org.openjarvis.analytics.impl.karaf;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;

/** Completes one of the names {@link #names} gives, read again at each completion. */
abstract class NamesCompleter implements Completer {

    @Reference
    AnalyticsCommands commands;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(names(commands)).complete(session, line, candidates);
    }

    abstract List<String> names(AnalyticsCommands commands);
}
