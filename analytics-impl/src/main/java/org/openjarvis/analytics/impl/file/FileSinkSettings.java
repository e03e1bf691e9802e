package org.openjarvis.analytics.impl.file;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openjarvis.analytics.common.config.ConfigReader;
import org.openjarvis.analytics.impl.config.AnalyticsSettings;
import org.openjarvis.analytics.impl.identity.OpenJarvisHome;

/**
 * What the file sink's behaviour depends on, checked: the resolved log file and the rotation settings. Two
 * configurations that resolve to equal settings make the same sink.
 */
record FileSinkSettings(Path path, long maxBytes, int keep) {

    static final long MIN_ROTATION_BYTES = 1024;
    static final long DEFAULT_ROTATION_BYTES = 10L * 1024 * 1024;
    static final int MAX_KEEP = 100;
    static final int DEFAULT_KEEP = 5;
    private static final String OFF = "; the local event log is off until it is fixed";

    /**
     * The settings, and one line per value that could not be used.
     *
     * @param settings null while no usable path is known (no valid configuration arrived yet)
     */
    record Parsed(FileSinkSettings settings, List<String> problems) {
    }

    /**
     * Parsing never fails: a value that cannot be used keeps its previous setting (the default at start), and is
     * reported naming the PID and the property.
     *
     * @param properties the properties of {@value FileSinkComponent#PID}
     * @param previous the settings in force, or null at start
     * @param home the service's {@code home} setting ({@link AnalyticsSettings#home()}), which places the file
     * @param homes where the home is when {@code home} is blank
     */
    static Parsed parse(Map<String, ?> properties, FileSinkSettings previous, String home, OpenJarvisHome homes) {
        ConfigReader reader = new ConfigReader(FileSinkComponent.PID, properties);
        long maxBytes = reader.number("rotation.max.bytes", MIN_ROTATION_BYTES, Long.MAX_VALUE,
                DEFAULT_ROTATION_BYTES, previous == null ? DEFAULT_ROTATION_BYTES : previous.maxBytes());
        int keep = reader.integer("rotation.keep", 0, MAX_KEEP, DEFAULT_KEEP,
                previous == null ? DEFAULT_KEEP : previous.keep());
        String configuredPath = reader.text("path", "", null);
        List<String> problems = new ArrayList<>(reader.problems());
        Path path = previous == null ? null : previous.path();
        if (configuredPath != null) {
            try {
                path = resolvePath(configuredPath, home, homes);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage() + (path == null ? OFF : "; keeping " + path));
            }
        } else if (path == null) {
            problems.add("Configuration " + FileSinkComponent.PID + ": path cannot be used" + OFF);
        }
        return new Parsed(path == null ? null : new FileSinkSettings(path, maxBytes, keep), problems);
    }

    /**
     * The log file: {@code path} if set ({@code ~/} expanded, a relative path taken relative to the home
     * directory), else {@code <home>/analytics/events.jsonl}.
     *
     * @throws IllegalArgumentException if {@code path} (or {@code home}) is not a valid file path, naming the PID
     *         and the property but not repeating the text
     */
    private static Path resolvePath(String configuredPath, String home, OpenJarvisHome homes) {
        String trimmed = configuredPath.trim();
        if (trimmed.isEmpty()) {
            return homes.resolve(home).resolve("analytics").resolve("events.jsonl");
        }
        String prefix = "Configuration " + FileSinkComponent.PID + ": path ";
        Path path;
        try {
            path = trimmed.startsWith("~/") ? Path.of(homes.userHome(), trimmed.substring(2)) : Path.of(trimmed);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(prefix + "is not a valid file path here (" + e.getReason() + ")", e);
        }
        if (!path.isAbsolute()) {
            path = homes.resolve(home).resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        if (path.getFileName() == null) {
            throw new IllegalArgumentException(prefix + "must name a file, but it is a root directory");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(prefix + "must name a file, but " + path + " is a directory");
        }
        return path;
    }
}
