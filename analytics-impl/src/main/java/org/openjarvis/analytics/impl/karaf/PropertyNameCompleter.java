package org.openjarvis.analytics.impl.karaf;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;

/**
 * Completes {@code name=} for the properties of the event named by the first argument of
 * {@code analytics:capture}.
 */
@Service
public class PropertyNameCompleter implements Completer {

    @Reference
    AnalyticsCommands commands;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        String word = line.getCursorArgument() == null ? ""
                : line.getCursorArgument().substring(0, line.getArgumentPosition());
        if (word.indexOf('=') > 0) {
            // Already key=value. Karaf also asks this way about each earlier argument, one at a time, and completes
            // the next one only if every earlier one is offered back.
            candidates.add(word + " ");
        } else {
            String[] arguments = line.getArguments();
            for (String name : commands.propertyNames(arguments.length > 1 ? arguments[1] : "")) {
                if (name.startsWith(word)) {
                    candidates.add(name + "="); // no space after it: the value follows
                }
            }
        }
        return candidates.isEmpty() ? -1 : line.getBufferPosition() - line.getArgumentPosition();
    }
}
