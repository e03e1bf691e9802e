package org.openjarvis.analytics.dist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.openjarvis.analytics.common.concurrent.DaemonThreads;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Installs the bundles packaged in the launcher's own jar (or classes folder) under {@code bundles/}, one thread per
 * core: each install inflates a jar into the framework's storage and parses its manifest, which one thread does in
 * about 200 ms. Bundle ids follow the order the installs finish in; the list returned is in file name order.
 */
final class EmbeddedBundles {

    private static final int INSTALLERS = Runtime.getRuntime().availableProcessors();

    private EmbeddedBundles() {
    }

    static List<Bundle> installAll(BundleContext context) throws IOException, BundleException, InterruptedException {
        Path location;
        try {
            location = Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the launcher's jar", e);
        }
        if (Files.isDirectory(location)) {
            return installFrom(context, location.resolve("bundles"), INSTALLERS);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return installFrom(context, jar.getPath("/bundles"), INSTALLERS);
        }
    }

    /** Installs each {@code .jar} in {@code folder} on that many threads; the first failure in name order is thrown. */
    static List<Bundle> installFrom(BundleContext context, Path folder, int threads)
            throws IOException, BundleException, InterruptedException {
        List<Callable<Bundle>> installs;
        try (Stream<Path> files = Files.list(folder)) {
            installs = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
                    .<Callable<Bundle>>map(jar -> () -> install(context, jar)).toList();
        }
        ExecutorService installers = Executors.newFixedThreadPool(threads,
                DaemonThreads.named("openjarvis-analytics-install"));
        try {
            List<Bundle> bundles = new ArrayList<>();
            for (Future<Bundle> installed : installers.invokeAll(installs)) {
                bundles.add(resultOf(installed));
            }
            return bundles;
        } finally {
            installers.shutdown();
        }
    }

    private static Bundle install(BundleContext context, Path jar) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(jar)) {
            return context.installBundle("embedded:" + jar.getFileName(), in);
        }
    }

    private static Bundle resultOf(Future<Bundle> installed)
            throws IOException, BundleException, InterruptedException {
        try {
            return installed.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause(); // install throws no other checked exception
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof BundleException bundle) {
                throw bundle;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) cause;
        }
    }
}
