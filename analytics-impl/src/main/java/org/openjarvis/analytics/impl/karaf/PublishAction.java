package org.openjarvis.analytics.impl.karaf;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openjarvis.analytics.impl.command.AnalyticsCommands;
import org.openjarvis.analytics.impl.command.CommandHelp;

/** {@code analytics:publish}. */
@Service
@Command(scope = CommandHelp.SCOPE, name = "publish", description = CommandHelp.PUBLISH)
public class PublishAction extends AnalyticsAction {

    @Argument(index = 0, name = "topic", description = "an EventAdmin topic", required = true)
    @Completion(TopicCompleter.class)
    String topic;

    @Argument(index = 1, name = "properties", description = "the event properties, as key=value", multiValued = true)
    List<String> properties;

    @Override
    String run(AnalyticsCommands commands) {
        return commands.publish(arguments(topic, properties));
    }
}
