package org.openjarvis.analytics.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import aQute.bnd.header.Parameters;

/** A jar the build produced: its manifest headers and the bytes of its entries. */
final class BuiltJar {
    private final Path path;
    private final Manifest manifest;

    private BuiltJar(Path path, Manifest manifest) {
        this.path = path;
        this.manifest = manifest;
    }

    static BuiltJar read(Path path) {
        try (JarFile jar = new JarFile(path.toFile())) {
            Manifest manifest = jar.getManifest();
            return new BuiltJar(path, manifest == null ? new Manifest() : manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar in {@code directory} that the build copied there for this artifact id. */
    static BuiltJar artifact(Path directory, String artifactId) {
        return read(directory.resolve(artifactId + ".jar"));
    }

    Path path() {
        return path;
    }

    /** A main manifest header, or empty if the jar has none of that name. */
    Optional<String> header(String name) {
        return Optional.ofNullable(manifest.getMainAttributes().getValue(name));
    }

    /** A header parsed as OSGi clauses (an empty list of clauses if absent). */
    Parameters clauses(String name) {
        return new Parameters(header(name).orElse(""));
    }

    /** The bytes of an entry, or empty if the jar has no such entry. */
    Optional<byte[]> entry(String name) {
        try (JarFile jar = new JarFile(path.toFile())) {
            var entry = jar.getJarEntry(name);
            if (entry == null) {
                return Optional.empty();
            }
            try (var in = jar.getInputStream(entry)) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
