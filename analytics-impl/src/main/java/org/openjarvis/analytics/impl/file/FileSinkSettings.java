package org.openjarvis.analytics.impl.file;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

import org.openjarvis.analytics.impl.identity.OpenJarvisHome;

/**
 * What the file sink's behaviour depends on, checked: the resolved log file and the rotation settings. Two
 * configurations that resolve to equal settings make the same sink.
 */
record FileSinkSettings(Path path, long maxBytes, int keep) {

    static final long MIN_ROTATION_BYTES = 1024;
    static final int MAX_KEEP = 100;

    /**
     * @param home the {@code home} property of {@value FileSinkComponent#ANALYTICS_PID}; blank means not set
     * @param frameworkHome the {@value OpenJarvisHome#PROPERTY} framework property, or null
     * @throws IllegalArgumentException for a value that cannot be used, naming the PID and the property
     */
    static FileSinkSettings from(FileSinkConfiguration config, String home, String frameworkHome,
            Map<String, String> environment, String userHome) {
        long maxBytes = config.rotation_max_bytes();
        if (maxBytes < MIN_ROTATION_BYTES) {
            throw new IllegalArgumentException(FileSinkComponent.PID + ": rotation.max.bytes must be at least "
                    + MIN_ROTATION_BYTES + ", but is " + maxBytes);
        }
        int keep = config.rotation_keep();
        if (keep < 0 || keep > MAX_KEEP) {
            throw new IllegalArgumentException(FileSinkComponent.PID + ": rotation.keep must be between 0 and "
                    + MAX_KEEP + ", but is " + keep);
        }
        return new FileSinkSettings(resolvePath(config.path(), home, frameworkHome, environment, userHome), maxBytes,
                keep);
    }

    /**
     * The log file: {@code path} if set ({@code ~/} expanded, a relative path taken relative to the home
     * directory), else {@code <home>/analytics/events.jsonl}.
     *
     * @throws IllegalArgumentException if {@code path} (or {@code home}) is not a valid file path
     */
    private static Path resolvePath(String configuredPath, String home, String frameworkHome,
            Map<String, String> environment, String userHome) {
        String trimmed = configuredPath == null ? "" : configuredPath.trim();
        if (trimmed.isEmpty()) {
            return OpenJarvisHome.resolve(home, frameworkHome, environment, userHome).resolve("analytics")
                    .resolve("events.jsonl");
        }
        Path path;
        try {
            path = trimmed.startsWith("~/") ? Path.of(userHome, trimmed.substring(2)) : Path.of(trimmed);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(FileSinkComponent.PID + ": path is not a valid file path: \""
                    + configuredPath + "\" (" + e.getReason() + ")", e);
        }
        if (!path.isAbsolute()) {
            path = OpenJarvisHome.resolve(home, frameworkHome, environment, userHome).resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        if (path.getFileName() == null || Files.isDirectory(path)) {
            throw new IllegalArgumentException(FileSinkComponent.PID + ": path must name a file, but \""
                    + configuredPath + "\" is " + (path.getFileName() == null ? "a root directory" : "a directory"));
        }
        return path;
    }
}
