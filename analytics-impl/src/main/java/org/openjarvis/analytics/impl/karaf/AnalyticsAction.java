package org.openjarvis.analytics.impl.karaf;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;

/**
 * Runs one command of {@link AnalyticsCommands} and prints its text. Karaf points {@code System.out} at the
 * session's output in its console and for a batch or {@code ssh} command alike, whereas it prints a returned value
 * in the console only. What the command throws, Karaf reports, and a batch or {@code ssh} command exits with 1.
 */
abstract class AnalyticsAction implements Action {

    @Reference
    AnalyticsCommands commands;

    @Override
    public Object execute() {
        System.out.println(run(commands));
        return null;
    }

    /** The command's text; throws if the command failed. */
    abstract String run(AnalyticsCommands commands);

    /** The arguments as {@link AnalyticsCommands} takes them: {@code first} (if given), then {@code rest}. */
    static String[] arguments(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        if (first != null) {
            all.add(first);
        }
        if (rest != null) {
            all.addAll(rest);
        }
        return all.toArray(new String[0]);
    }
}
