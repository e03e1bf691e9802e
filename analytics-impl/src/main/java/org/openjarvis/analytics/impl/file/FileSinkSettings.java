package org.openjarvis.analytics.impl.file;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

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
     * @param homes where the home is when {@code home} is blank
     * @throws IllegalArgumentException for a value that cannot be used, naming the PID and the property
     */
    static FileSinkSettings from(FileSinkConfiguration config, String home, OpenJarvisHome homes) {
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
        return new FileSinkSettings(resolvePath(config.path(), home, homes), maxBytes, keep);
    }

    /**
     * The log file: {@code path} if set ({@code ~/} expanded, a relative path taken relative to the home
     * directory), else {@code <home>/analytics/events.jsonl}.
     *
     * @throws IllegalArgumentException if {@code path} (or {@code home}) is not a valid file path
     */
    private static Path resolvePath(String configuredPath, String home, OpenJarvisHome homes) {
        String trimmed = configuredPath == null ? "" : configuredPath.trim();
        if (trimmed.isEmpty()) {
            return homes.resolve(home).resolve("analytics").resolve("events.jsonl");
        }
        Path path;
        try {
            path = trimmed.startsWith("~/") ? Path.of(homes.userHome(), trimmed.substring(2)) : Path.of(trimmed);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(FileSinkComponent.PID + ": path is not a valid file path: \""
                    + configuredPath + "\" (" + e.getReason() + ")", e);
        }
        if (!path.isAbsolute()) {
            path = homes.resolve(home).resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        if (path.getFileName() == null || Files.isDirectory(path)) {
            throw new IllegalArgumentException(FileSinkComponent.PID + ": path must name a file, but \""
                    + configuredPath + "\" is " + (path.getFileName() == null ? "a root directory" : "a directory"));
        }
        return path;
    }
}
