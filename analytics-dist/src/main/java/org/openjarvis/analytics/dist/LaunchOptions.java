package org.openjarvis.analytics.dist;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * The launcher's command line: {@code [--conf DIR] [--home DIR] [--script FILE]}, or {@code --help}. Parsing also
 * checks the files it names, so that a typo is reported before the framework starts (and before an anonymous id is
 * created in the home).
 */
record LaunchOptions(boolean help, Path confDirectory, Optional<Path> home, Optional<Path> script) {

    static final String USAGE = "usage: java -jar openjarvis-analytics.jar [--conf DIR] [--home DIR] [--script FILE]\n"
            + "  --conf DIR     .cfg files to load through FileInstall (default ./conf)\n"
            + "  --home DIR     OpenJarvis home: anonymous id and analytics/events.jsonl\n"
            + "  --script FILE  run the Gogo commands in FILE, then shut down; exit 1 if a command failed\n"
            + "  -h, --help     print this help";

    private static final Set<String> WITH_VALUE = Set.of("--conf", "--home", "--script");

    /** Thrown for a command line that cannot be used; its message is meant for the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static LaunchOptions parse(String... args) throws UsageException {
        Path conf = null;
        Path home = null;
        Path script = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return new LaunchOptions(true, defaultConf(), Optional.empty(), Optional.empty());
            }
            if (!WITH_VALUE.contains(option)) {
                throw new UsageException("unknown option " + option + "\n" + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + option + "\n" + USAGE);
            }
            Path value = path(option, args[++i]);
            switch (option) {
                case "--conf" -> conf = value;
                case "--home" -> home = value;
                default -> script = value;
            }
        }
        if (conf != null && !Files.isDirectory(conf)) {
            throw new UsageException("--conf " + conf + (Files.exists(conf) ? " is not a directory"
                    : " does not exist"));
        }
        if (script != null) {
            checkReadable(script);
        }
        // Only the default ./conf may be missing: then there is simply no configuration.
        return new LaunchOptions(false, conf != null ? conf : defaultConf(), Optional.ofNullable(home),
                Optional.ofNullable(script));
    }

    private static Path defaultConf() {
        return Path.of("conf").toAbsolutePath();
    }

    private static Path path(String option, String value) throws UsageException {
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(option + " \"" + value + "\" is not a valid path: " + e.getReason());
        }
    }

    // Not necessarily a regular file: "--script <(...)" names a pipe, which is not opened here (that would take its
    // writer's first bytes, or block); a regular file is opened, so that whatever would stop reading it later
    // (permissions, a symbolic link loop, a path through a file) is reported now, in one line.
    private static void checkReadable(Path script) throws UsageException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(script, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new UsageException("--script " + script + " is a directory, not a file");
            }
            if (attributes.isRegularFile()) {
                Files.newByteChannel(script).close();
            } else if (!Files.isReadable(script)) {
                throw new AccessDeniedException(script.toString());
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("--script " + script + " does not exist");
        } catch (AccessDeniedException e) {
            throw new UsageException("--script " + script + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new UsageException("--script " + script + " cannot be read ("
                    + (e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.toString())
                    + ")");
        }
    }
}
