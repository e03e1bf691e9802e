package org.openjarvis.analytics.impl.command;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code analytics:*} commands as Gogo functions, for the Felix Gogo shell and the distribution's scripts.
 * Parameters are Strings, never Objects, so Gogo passes each {@code key=value} through verbatim. Each function prints
 * its text rather than returning it: Gogo points {@code System.out} at the session's output while a command runs
 * (Felix's own commands print the same way), whereas a returned value is printed by an interactive console only.
 * Declared disabled: {@code impl.integration.OptionalIntegrations} enables it outside Karaf.
 */
@Component(enabled = false, service = GogoCommands.class, property = {
    "osgi.command.scope=" + CommandHelp.SCOPE,
    "osgi.command.function=status",
    "osgi.command.function=enable",
    "osgi.command.function=disable",
    "osgi.command.function=capture",
    "osgi.command.function=publish",
    "osgi.command.function=flush",
    "osgi.command.function=resetid",
    "osgi.command.function=tail",
    "osgi.command.function=catalogue",
    "osgi.command.function=demo"})
public final class GogoCommands {

    private final AnalyticsCommands commands;

    @Activate
    public GogoCommands(@Reference AnalyticsCommands commands) {
        this.commands = commands;
    }

    @Descriptor(CommandHelp.STATUS)
    public void status(@Descriptor("takes no arguments") String... arguments) {
        print(commands.status(arguments));
    }

    @Descriptor(CommandHelp.ENABLE)
    public void enable(@Descriptor("takes no arguments") String... arguments) {
        print(commands.enable(arguments));
    }

    @Descriptor(CommandHelp.DISABLE)
    public void disable(@Descriptor("takes no arguments") String... arguments) {
        print(commands.disable(arguments));
    }

    @Descriptor(CommandHelp.CAPTURE)
    public void capture(@Descriptor("catalogue event name, then properties as key=value") String... arguments) {
        print(commands.capture(arguments));
    }

    @Descriptor(CommandHelp.PUBLISH)
    public void publish(@Descriptor("EventAdmin topic, then properties as key=value") String... arguments) {
        print(commands.publish(arguments));
    }

    @Descriptor(CommandHelp.FLUSH)
    public void flush(@Descriptor("timeout in milliseconds (optional)") String... arguments) {
        print(commands.flush(arguments));
    }

    @Descriptor(CommandHelp.RESETID)
    public void resetid(@Descriptor("takes no arguments") String... arguments) {
        print(commands.resetid(arguments));
    }

    @Descriptor(CommandHelp.TAIL)
    public void tail(@Descriptor("how many (optional, at most 100)") String... arguments) {
        print(commands.tail(arguments));
    }

    @Descriptor(CommandHelp.CATALOGUE)
    public void catalogue(@Descriptor("an event name (optional)") String... arguments) {
        print(commands.catalogue(arguments));
    }

    @Descriptor(CommandHelp.DEMO)
    public void demo(@Descriptor("takes no arguments") String... arguments) {
        print(commands.demo(arguments));
    }

    private static void print(String text) {
        System.out.println(text);
    }
}
