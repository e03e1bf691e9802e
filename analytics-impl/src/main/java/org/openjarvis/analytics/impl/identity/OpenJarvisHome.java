package org.openjarvis.analytics.impl.identity;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.openjarvis.analytics.impl.config.AnalyticsSettings;

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

    private final String frameworkHome;
    private final Map<String, String> environment;
    private final String userHome;

    /**
     * The sources consulted when the configuration sets no home.
     *
     * @param frameworkHome the {@value #PROPERTY} framework property; null or blank means "not set"
     * @param environment the process environment
     * @param userHome the {@code user.home} system property
     */
    public OpenJarvisHome(String frameworkHome, Map<String, String> environment, String userHome) {
        this.frameworkHome = frameworkHome;
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
    }

    /** The sources of the running process: the framework property read with {@code frameworkProperty}. */
    public static OpenJarvisHome ofFramework(UnaryOperator<String> frameworkProperty) {
        return new OpenJarvisHome(frameworkProperty.apply(PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    /** The user's home directory, the {@code user.home} system property; {@code ~/} in paths means it. */
    public String userHome() {
        return userHome;
    }

    /**
     * @param configuredHome the {@code home} configuration property; blank means "not configured"
     * @return the absolute, normalised home directory (it is not created here)
     * @throws IllegalArgumentException if the chosen setting is not a valid path here, naming that setting
     */
    public Path resolve(String configuredHome) {
        List<Setting> tildeExpanded = List.of(
                new Setting("Configuration " + AnalyticsSettings.PID + ": home", configuredHome),
                new Setting("The framework property " + PROPERTY, frameworkHome),
                new Setting("The environment variable OPENJARVIS_HOME", environment.get("OPENJARVIS_HOME")));
        for (Setting setting : tildeExpanded) {
            if (setting.isSet()) {
                return valid(setting.name(), () -> absolute(expandTilde(setting.value().trim())));
            }
        }
        String xdgDataHome = environment.get("XDG_DATA_HOME");
        if (xdgDataHome != null && !xdgDataHome.isBlank()) {
            return valid("The environment variable XDG_DATA_HOME",
                    () -> absolute(Path.of(xdgDataHome.trim(), "openjarvis")));
        }
        return valid("The system property user.home", () -> absolute(Path.of(userHome, ".openjarvis")));
    }

    private record Setting(String name, String value) {
        boolean isSet() {
            return value != null && !value.isBlank();
        }
    }

    private static Path valid(String setting, Supplier<Path> path) {
        try {
            return path.get();
        } catch (InvalidPathException e) {
            // The value itself is not repeated: it may hold control characters, or a secret pasted in the wrong place.
            throw new IllegalArgumentException(setting + " is not a valid directory path here (" + e.getReason()
                    + ")", e);
        }
    }

    // The reference expands "~" for OPENJARVIS_HOME (Path.expanduser); we do the same for the other two settings.
    private Path expandTilde(String path) {
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
