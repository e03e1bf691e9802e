package org.openjarvis.analytics.dist;

import java.nio.file.Path;
import java.util.Optional;

/** The launcher's command line: {@code [--conf DIR] [--home DIR] [--script FILE]}. */
record LaunchOptions(Path confDirectory, Optional<Path> home, Optional<Path> script) {

    static final String USAGE = "usage: java -jar openjarvis-analytics.jar [--conf DIR] [--home DIR] [--script FILE]\n"
            + "  --conf DIR     .cfg files to load through FileInstall (default ./conf)\n"
            + "  --home DIR     OpenJarvis home: anonymous id and analytics/events.jsonl\n"
            + "  --script FILE  run the Gogo commands in FILE, then shut down; exit 1 if a command failed";

    /** Thrown for a command line that cannot be used; its message is meant for the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static LaunchOptions parse(String... args) throws UsageException {
        Path conf = Path.of("conf");
        Path home = null;
        Path script = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new UsageException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + option + "\n" + USAGE);
            }
            Path value = Path.of(args[++i]);
            switch (option) {
                case "--conf":
                    conf = value;
                    break;
                case "--home":
                    home = value;
                    break;
                case "--script":
                    script = value;
                    break;
                default:
                    throw new UsageException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new LaunchOptions(conf.toAbsolutePath().normalize(),
                Optional.ofNullable(home).map(p -> p.toAbsolutePath().normalize()),
                Optional.ofNullable(script).map(p -> p.toAbsolutePath().normalize()));
    }
}
