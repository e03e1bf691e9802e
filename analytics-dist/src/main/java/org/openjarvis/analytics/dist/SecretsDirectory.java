package org.openjarvis.analytics.dist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.openjarvis.analytics.common.files.PrivateFiles;

/**
 * Where the Config Admin interpolation plugin reads {@code $[secret:NAME]}: the directories that the system property
 * {@value #PROPERTY} lists (comma-separated), else the {@code --conf} directory, as Karaf uses its {@code etc/}.
 * Whoever may write there can swap the API key for theirs and receive the events, so each directory must belong to
 * the user running the distribution and be writable by nobody else. Checked before the framework starts.
 */
final class SecretsDirectory {

    /** The plugin's own framework property; framework properties fall back to system properties. */
    static final String PROPERTY = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";

    private SecretsDirectory() {
    }

    /**
     * The value to give the plugin, or empty for none.
     *
     * @param configured the system property's value, if set
     * @throws LaunchOptions.UsageException if a configured directory is missing or unsafe
     */
    static Optional<String> choose(Optional<String> configured, Path conf, PrintStream err)
            throws LaunchOptions.UsageException {
        if (configured.isPresent()) {
            List<String> directories = new ArrayList<>();
            for (String directory : configured.get().split(",", -1)) {
                warnAboutReadableSecrets(check(directory.strip()), err);
                directories.add(directory.strip());
            }
            return Optional.of(String.join(",", directories));
        }
        if (!Files.isDirectory(conf)) {
            return Optional.empty(); // the default ./conf may be missing: then there is nothing to read either
        }
        try {
            PrivateFiles.checkDirectory(conf);
            warnAboutReadableSecrets(conf, err);
            return Optional.of(conf.toString());
        } catch (IOException e) {
            err.println("[WARN] openjarvis-analytics: $[secret:...] placeholders stay unresolved: " + e.getMessage()
                    + " (set -D" + PROPERTY + "=DIR for another secrets directory)");
            return Optional.empty();
        }
    }

    // As ssh does for a private key: a secret that others may read is reported, one line each. The .cfg files beside
    // them in --conf are configuration, not secrets.
    private static void warnAboutReadableSecrets(Path directory, PrintStream err) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                f -> !f.getFileName().toString().endsWith(".cfg"))) {
            for (Path file : files) {
                if (readableByOthers(file)) {
                    err.println("[WARN] openjarvis-analytics: the secret " + file + " may be read by other users "
                            + "(mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                            + "); chmod 600 it");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions here, or nothing to list: nothing to report.
        }
    }

    private static boolean readableByOthers(Path file) throws IOException {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            Set<PosixFilePermission> permissions = attributes.permissions();
            return attributes.isRegularFile() && (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ));
        } catch (NoSuchFileException e) {
            return false; // a link to nothing: the plugin finds no secret there either
        }
    }

    private static Path check(String directory) throws LaunchOptions.UsageException {
        // The plugin would take an empty name as the file system's root.
        if (directory.isEmpty()) {
            throw new LaunchOptions.UsageException("-D" + PROPERTY + " names an empty directory");
        }
        try {
            Path path = Path.of(directory);
            PrivateFiles.checkDirectory(path);
            return path;
        } catch (InvalidPathException | IOException e) {
            throw new LaunchOptions.UsageException("-D" + PROPERTY + ": " + e.getMessage());
        }
    }
}
