package org.openjarvis.analytics.dist;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.function.Predicate;

import org.openjarvis.analytics.common.concurrent.Deadline;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts Felix with the embedded bundles.
 *
 * <ol>
 * <li>Fresh, owner-only framework storage on every start (see {@link FrameworkStorage}): configuration comes from
 * {@code --conf}, not from a previous run.</li>
 * <li>{@code --home} becomes the framework property {@value #HOME_PROPERTY}, which the analytics components use
 * while their configuration sets no {@code home}.</li>
 * <li>The embedded bundles install side by side ({@link EmbeddedBundles}), while services with a
 * {@code jmx.objectname} property start going on the platform MBean server ({@link JmxWhiteboard}).</li>
 * <li>Config Admin, its interpolation plugin, FileInstall and the log service start first; Config Admin delivers no
 * configuration before the plugin resolves {@code $[env:NAME]} and {@code $[secret:NAME]} placeholders (secrets
 * from {@link SecretsDirectory}). The launcher waits until every {@code .cfg} in {@code --conf} is in Config Admin,
 * so the analytics bundles activate with their final configuration (an anonymous id is never created in the wrong
 * place).</li>
 * <li>Then every other bundle starts. With {@code --script}, the script runs and the framework stops, flushing
 * the sinks within their shutdown deadline; otherwise the Gogo shell reads the console.</li>
 * </ol>
 */
public final class Launcher {

    /** Read by the analytics components (OpenJarvisHome.PROPERTY) when the configuration sets no home. */
    static final String HOME_PROPERTY = "org.openjarvis.analytics.home";
    private static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    private static final String INTERPOLATION = "org.apache.felix.configadmin.plugin.interpolation";
    private static final Set<String> FIRST = Set.of("org.apache.felix.configadmin", INTERPOLATION, FILE_INSTALL,
            "org.apache.felix.log");
    private static final String SHELL = "org.apache.felix.gogo.shell";
    /** The bridge's EventAdmin handler, exempt from EventAdmin's timeout; a stable name (see BusEventHandler). */
    static final String EVENT_HANDLER = "org.openjarvis.analytics.impl.bridge.BusEventHandler";
    private static final long CONFIG_WAIT_MILLIS = 30_000;
    private static final long STOP_WAIT_MILLIS = 60_000;
    private static final long COMMANDS_WAIT_MILLIS = 30_000;

    private Launcher() {
    }

    public static void main(String[] args) {
        // The original streams: System.out is redirected through Gogo once the shell runs, and writing to it
        // from a script session would recurse.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status;
        try {
            LaunchOptions options = LaunchOptions.parse(args);
            if (options.help()) {
                out.println(LaunchOptions.USAGE);
                status = 0;
            } else {
                status = run(options, out, err);
            }
        } catch (LaunchOptions.UsageException e) {
            err.println("openjarvis-analytics: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            Throwable cause = ConsoleLog.innermost(e); // such as why a bundle's activator failed
            err.println(ConsoleLog.escape("openjarvis-analytics: " + e + (cause == e ? "" : " (" + cause + ")")));
            status = 1;
        }
        System.exit(status);
    }

    static int run(LaunchOptions options, PrintStream out, PrintStream err) throws Exception {
        Optional<String> secrets = SecretsDirectory.choose(Optional.ofNullable(System.getProperty(
                SecretsDirectory.PROPERTY)), options.confDirectory(), err);
        FrameworkStorage storage = FrameworkStorage.create(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            return run(options, storage, secrets, out, err);
        } finally {
            storage.close(); // also when the framework could not even be created
        }
    }

    private static int run(LaunchOptions options, FrameworkStorage storage, Optional<String> secrets,
            PrintStream out, PrintStream err) throws Exception {
        storage.removeStale(err);
        configurePluginLog();
        boolean interactive = options.script().isEmpty();
        Framework framework = newFramework(options, storage.directory(), secrets, interactive);
        // Ctrl-C, SIGTERM, or Gogo's "exit", which calls System.exit: still deactivate components and clean up.
        // Bounded by STOP_WAIT_MILLIS whatever the console is doing (the shell bundle interrupts its own reader when
        // stopped); after a signal the JVM exits with 128 + its number, whatever main returns meanwhile.
        Thread stopOnExit = new Thread(() -> {
            stop(framework);
            storage.close();
        }, "openjarvis-analytics-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            Thread jmx = JmxWhiteboard.open(context, err);
            List<Bundle> bundles = EmbeddedBundles.installAll(context);
            framework.start();
            // Without a conf folder there is nothing for FileInstall to watch (it would only complain).
            boolean watchConf = Files.isDirectory(options.confDirectory());
            startMatching(bundles, b -> FIRST.contains(b.getSymbolicName())
                    && (watchConf || !FILE_INSTALL.equals(b.getSymbolicName())));
            ConsoleLog.attach(context, err);
            ConfigurationLoader configuration = new ConfigurationLoader(context);
            configuration.awaitAdmin(CONFIG_WAIT_MILLIS);
            List<Path> missing = configuration.awaitConfigFiles(options.confDirectory(), CONFIG_WAIT_MILLIS);
            if (!missing.isEmpty()) {
                err.println("openjarvis-analytics: these configuration files were not loaded (see FileInstall's "
                        + "messages above): " + missing);
            }
            long activationStart = System.nanoTime();
            startMatching(bundles, b -> !FIRST.contains(b.getSymbolicName()) && !SHELL.equals(b.getSymbolicName()));
            if (awaitAnalyticsCommands(context)) {
                jmx.join(COMMANDS_WAIT_MILLIS); // ready includes the MBeans
                err.println("[INFO] openjarvis-analytics: ready " + ManagementFactory.getRuntimeMXBean().getUptime()
                        + " ms after JVM start; starting SCR, EventAdmin and the analytics bundles took "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - activationStart) + " ms");
            } else {
                err.println("openjarvis-analytics: the analytics:* commands did not appear; see the messages above");
            }
            if (interactive) {
                // Started last, so that the first line typed (or piped) in already finds the analytics commands.
                startMatching(bundles, b -> SHELL.equals(b.getSymbolicName()));
                framework.waitForStop(0); // the shell stops the framework when the console closes
                return 0;
            }
            boolean succeeded = ScriptRunner.run(context, options.script().get(), out, err);
            return stop(framework) && succeeded ? 0 : 1;
        } finally {
            stop(framework);
            removeShutdownHook(stopOnExit);
            storage.close();
        }
    }

    private static Framework newFramework(LaunchOptions options, Path storage, Optional<String> secrets,
            boolean interactive) {
        Map<String, String> properties = new HashMap<>();
        // Not cleaned on first init: Felix would delete the directory and create it again with default permissions,
        // and our lock file with it. It is new anyway.
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        // No configuration reaches a component before placeholders in it can be resolved.
        properties.put("felix.cm.config.plugins", INTERPOLATION);
        secrets.ifPresent(directories -> properties.put(SecretsDirectory.PROPERTY, directories));
        properties.put("felix.fileinstall.dir", options.confDirectory().toString());
        // Only .cfg files: secrets in the same folder are read by the plugin alone, and nothing there is a bundle.
        properties.put("felix.fileinstall.filter", ".*\\.cfg");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.poll", "1000");
        // Otherwise FileInstall writes configuration changes back into the user's .cfg files.
        properties.put("felix.fileinstall.enableConfigSave", "false");
        properties.put("felix.fileinstall.log.level", "2");
        // A framework property, not "home" in the configuration: FileInstall replaces that configuration whole
        // whenever its .cfg is added or edited, which would drop a home written there.
        options.home().ifPresent(home -> properties.put(HOME_PROPERTY, home.toString()));
        // Our handler only copies and enqueues: EventAdmin may call it on the sender's thread, without timing it, so
        // a long GC pause during a delivery can never get it deny-listed (which would stop analytics silently).
        properties.put("org.apache.felix.eventadmin.IgnoreTimeout", EVENT_HANDLER);
        // R7 loggers default to WARN; the analytics bundles report their state at INFO.
        properties.put("org.osgi.service.log.admin.loglevel", "INFO");
        if (!interactive) {
            properties.put("gosh.args", "--nointeractive");
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        return factory.newFramework(properties);
    }

    // slf4j-simple, which only the interpolation plugin uses: its warnings (a secret file not found) one line each on
    // stderr like ours, without its information (each value replaced). -D on the command line takes precedence.
    private static void configurePluginLog() {
        for (String[] setting : new String[][] {{"defaultLogLevel", "warn"}, {"showThreadName", "false"},
                {"levelInBrackets", "true"}, {"showShortLogName", "true"}}) {
            String key = "org.slf4j.simpleLogger." + setting[0];
            if (System.getProperty(key) == null) {
                System.setProperty(key, setting[1]);
            }
        }
    }

    private static void startMatching(List<Bundle> bundles, Predicate<Bundle> filter)
            throws BundleException {
        for (Bundle bundle : bundles) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && filter.test(bundle)) {
                bundle.start();
            }
        }
    }

    private static boolean awaitAnalyticsCommands(BundleContext context) throws InvalidSyntaxException {
        Deadline deadline = Deadline.after(Duration.ofMillis(COMMANDS_WAIT_MILLIS));
        while (context.getServiceReferences((String) null, "(osgi.command.scope=analytics)") == null) {
            if (deadline.expired()) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(2); // short: the startup line reports this wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops the framework, waiting for components to deactivate; true if it stopped in time. */
    private static boolean stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
            }
            FrameworkEvent event = framework.waitForStop(STOP_WAIT_MILLIS);
            return event.getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException | InterruptedException e) {
            return false;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run.
        }
    }

}
