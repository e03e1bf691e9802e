package org.openjarvis.analytics.impl.command;

import java.util.Objects;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code analytics:*} commands as Gogo functions, for the Felix Gogo shell and the distribution's scripts.
 * Parameters are Strings, never Objects, so Gogo passes each {@code key=value} through verbatim. Each function prints
 * its text rather than returning it: Gogo points {@code System.out} at the session's output while a command runs
 * (Felix's own commands print the same way), whereas a returned value is printed by an interactive console only.
 * A failing command prints {@code analytics:<command>: <message>} on the session's error stream instead of throwing,
 * which Gogo would report with the exception's class name and which would end the rest of a script line; it sets
 * the session variable {@link #FAILED}, from which the distribution's {@code --script} makes its exit status 1.
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

    /** The session variable that a failing command sets to {@code true}; nothing resets it but its reader. */
    public static final String FAILED = "analytics.command.failed";

    private final AnalyticsCommands commands;

    @Activate
    public GogoCommands(@Reference AnalyticsCommands commands) {
        this.commands = commands;
    }

    @Descriptor(CommandHelp.STATUS)
    public void status(CommandSession session, @Descriptor("takes no arguments") String... arguments) {
        run(session, "status", () -> commands.status(arguments));
    }

    @Descriptor(CommandHelp.ENABLE)
    public void enable(CommandSession session, @Descriptor("takes no arguments") String... arguments) {
        run(session, "enable", () -> commands.enable(arguments));
    }

    @Descriptor(CommandHelp.DISABLE)
    public void disable(CommandSession session, @Descriptor("takes no arguments") String... arguments) {
        run(session, "disable", () -> commands.disable(arguments));
    }

    @Descriptor(CommandHelp.CAPTURE)
    public void capture(CommandSession session,
            @Descriptor("catalogue event name, then properties as key=value") String... arguments) {
        run(session, "capture", () -> commands.capture(arguments));
    }

    @Descriptor(CommandHelp.PUBLISH)
    public void publish(CommandSession session,
            @Descriptor("EventAdmin topic, then properties as key=value") String... arguments) {
        run(session, "publish", () -> commands.publish(arguments));
    }

    @Descriptor(CommandHelp.FLUSH)
    public void flush(CommandSession session, @Descriptor("timeout in milliseconds (optional)") String... arguments) {
        run(session, "flush", () -> commands.flush(arguments));
    }

    @Descriptor(CommandHelp.RESETID)
    public void resetid(CommandSession session, @Descriptor("takes no arguments") String... arguments) {
        run(session, "resetid", () -> commands.resetid(arguments));
    }

    @Descriptor(CommandHelp.TAIL)
    public void tail(CommandSession session, @Descriptor("how many (optional, at most 100)") String... arguments) {
        run(session, "tail", () -> commands.tail(arguments));
    }

    @Descriptor(CommandHelp.CATALOGUE)
    public void catalogue(CommandSession session, @Descriptor("an event name (optional)") String... arguments) {
        run(session, "catalogue", () -> commands.catalogue(arguments));
    }

    @Descriptor(CommandHelp.DEMO)
    public void demo(CommandSession session, @Descriptor("takes no arguments") String... arguments) {
        run(session, "demo", () -> commands.demo(arguments));
    }

    // Gogo points System.out and System.err at the session's streams while a command runs.
    private static void run(CommandSession session, String command, Supplier<String> action) {
        try {
            System.out.println(action.get());
        } catch (RuntimeException e) {
            System.err.println(CommandHelp.SCOPE + ":" + command + ": "
                    + Objects.requireNonNullElse(e.getMessage(), e.toString()));
            session.put(FAILED, Boolean.TRUE);
        }
    }
}
