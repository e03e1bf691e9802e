package org.openjarvis.analytics.impl.identity;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Resolves the OpenJarvis home directory, where the anonymous id, the first-chat flag and the local event log
 * live. The order follows the reference's {@code get_config_dir()}, with one source added after the configuration:
 * configured {@code home}, then the framework property {@value #PROPERTY}, then {@code $OPENJARVIS_HOME}, then
 * {@code $XDG_DATA_HOME/openjarvis}, then {@code ~/.openjarvis}.
 *
 * <p>The framework property is how a launcher sets the home (the distribution's {@code --home}): the configuration
 * belongs to whoever manages it (FileInstall replaces it whole when a {@code .cfg} changes), so a launcher must not
 * write into it.
 */
public final class OpenJarvisHome {

    /** Framework (or system) property giving the home when the configuration sets none. */
    public static final String PROPERTY = "org.openjarvis.analytics.home";

    /** The service's configuration, which holds {@code home}. */
    private static final String PID = "org.openjarvis.analytics";

    private OpenJarvisHome() {
    }

    /**
     * @param configuredHome the {@code home} configuration property; blank means "not configured"
     * @param frameworkHome the {@value #PROPERTY} framework property; null or blank means "not set"
     * @param environment the process environment
     * @param userHome the {@code user.home} system property
     * @return the absolute, normalised home directory (it is not created here)
     * @throws IllegalArgumentException if the chosen setting is not a valid path here, naming that setting
     */
    public static Path resolve(String configuredHome, String frameworkHome, Map<String, String> environment,
            String userHome) {
        if (configuredHome != null && !configuredHome.isBlank()) {
            return valid("Configuration " + PID + ": home", configuredHome,
                    () -> absolute(expandTilde(configuredHome.trim(), userHome)));
        }
        if (frameworkHome != null && !frameworkHome.isBlank()) {
            return valid("The framework property " + PROPERTY, frameworkHome,
                    () -> absolute(expandTilde(frameworkHome.trim(), userHome)));
        }
        String openJarvisHome = environment.get("OPENJARVIS_HOME");
        if (openJarvisHome != null && !openJarvisHome.isBlank()) {
            return valid("The environment variable OPENJARVIS_HOME", openJarvisHome,
                    () -> absolute(expandTilde(openJarvisHome.trim(), userHome)));
        }
        String xdgDataHome = environment.get("XDG_DATA_HOME");
        if (xdgDataHome != null && !xdgDataHome.isBlank()) {
            return valid("The environment variable XDG_DATA_HOME", xdgDataHome,
                    () -> absolute(Path.of(xdgDataHome.trim(), "openjarvis")));
        }
        return valid("The system property user.home", userHome, () -> absolute(Path.of(userHome, ".openjarvis")));
    }

    private static Path valid(String setting, String value, Supplier<Path> path) {
        try {
            return path.get();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(setting + " is not a valid directory path: \"" + value + "\" ("
                    + e.getReason() + ")", e);
        }
    }

    // The reference expands "~" for OPENJARVIS_HOME (Path.expanduser); we do the same for the other two settings.
    private static Path expandTilde(String path, String userHome) {
        if (path.equals("~")) {
            return Path.of(userHome);
        }
        if (path.startsWith("~/")) {
            return Path.of(userHome, path.substring(2));
        }
        return Path.of(path);
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
