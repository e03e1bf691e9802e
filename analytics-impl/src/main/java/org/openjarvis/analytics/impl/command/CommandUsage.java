package org.openjarvis.analytics.impl.command;

/**
 * A command's usage line and how many arguments it takes. Every command takes {@code String...} and checks the
 * count here: with fixed parameters, Gogo answers a wrong count with its own "Cannot coerce capture() to any of
 * [(String, String[])]", which tells a user nothing about the command.
 */
record CommandUsage(String line, int min, int max) {

    /** No upper limit, for commands that take any number of {@code key=value} properties. */
    static final int ANY = Integer.MAX_VALUE;

    /** A command that takes no arguments. */
    static CommandUsage none(String command) {
        return new CommandUsage(command, 0, 0);
    }

    /** Returns {@code arguments} (null is none) if there are as many as the command takes; else says how to call it. */
    String[] check(String... arguments) {
        String[] given = arguments == null ? new String[0] : arguments;
        if (given.length < min || given.length > max) {
            throw new IllegalArgumentException("usage: " + line + " (got " + given.length
                    + (given.length == 1 ? " argument)" : " arguments)"));
        }
        return given;
    }
}
