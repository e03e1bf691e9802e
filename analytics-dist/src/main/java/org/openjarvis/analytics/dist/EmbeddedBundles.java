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
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** Installs the bundles packaged in the launcher's own jar (or classes folder) under {@code bundles/}. */
final class EmbeddedBundles {

    private EmbeddedBundles() {
    }

    static List<Bundle> installAll(BundleContext context) throws IOException, BundleException {
        Path location;
        try {
            location = Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the launcher's jar", e);
        }
        if (Files.isDirectory(location)) {
            return installFrom(context, location.resolve("bundles"));
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return installFrom(context, jar.getPath("/bundles"));
        }
    }

    private static List<Bundle> installFrom(BundleContext context, Path folder) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            try (InputStream in = Files.newInputStream(jar)) {
                bundles.add(context.installBundle("embedded:" + jar.getFileName(), in));
            }
        }
        return bundles;
    }
}
