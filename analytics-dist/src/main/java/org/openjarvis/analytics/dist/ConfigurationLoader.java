package org.openjarvis.analytics.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjarvis.analytics.common.concurrent.Deadline;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Talks to Config Admin from outside the framework (reflectively, as its types live in a bundle): waits for the
 * {@code .cfg} files FileInstall loads.
 */
final class ConfigurationLoader {

    private static final String ADMIN = "org.osgi.service.cm.ConfigurationAdmin";

    private final BundleContext context;

    ConfigurationLoader(BundleContext context) {
        this.context = context;
    }

    /**
     * Waits until Config Admin is registered: it is only once the configuration plugins it requires are
     * ({@code felix.cm.config.plugins}).
     *
     * @throws IOException if it did not appear in time
     */
    void awaitAdmin(long timeoutMillis) throws IOException, InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofMillis(timeoutMillis));
        while (context.getServiceReference(ADMIN) == null) {
            if (deadline.expired()) {
                throw new IOException("Config Admin did not start within " + timeoutMillis + " ms: it waits for "
                        + "the configuration plugins that felix.cm.config.plugins names; see the messages above");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * Waits until every {@code .cfg} file in {@code directory} appears in Config Admin, recognised by
     * FileInstall's {@code felix.fileinstall.filename} property.
     *
     * @return the files still missing when the wait ended (empty when all were loaded)
     */
    List<Path> awaitConfigFiles(Path directory, long timeoutMillis) throws Exception {
        List<Path> pending = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().forEach(pending::add);
            }
        }
        Deadline deadline = Deadline.after(Duration.ofMillis(timeoutMillis));
        while (!pending.isEmpty() && !deadline.expired()) {
            List<Path> loaded = new ArrayList<>();
            for (Path file : pending) {
                String filter = "(felix.fileinstall.filename=" + escape(file.toFile().toURI().toString()) + ")";
                Object[] found = (Object[]) invoke(ADMIN, "listConfigurations", new Class<?>[] {String.class},
                        filter);
                if (found != null && found.length > 0) {
                    loaded.add(file);
                }
            }
            pending.removeAll(loaded);
            if (!pending.isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        return pending;
    }

    private Object invoke(String service, String method, Class<?>[] parameterTypes, Object... args)
            throws Exception {
        ServiceReference<?> reference = context.getServiceReference(service);
        if (reference == null) {
            throw new IOException("Config Admin is not running");
        }
        try {
            Object admin = context.getService(reference);
            return reference.getBundle().loadClass(service).getMethod(method, parameterTypes).invoke(admin, args);
        } finally {
            context.ungetService(reference);
        }
    }

    // RFC 1960 filter values escape \ * ( and ).
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
