package org.openjarvis.analytics.release;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles a source tree with the JDK's compiler against a given class path, as the build would (Java 17). */
final class SourceCompiler {

    private SourceCompiler() {
    }

    /**
     * Compiles every {@code .java} file under {@code sourceRoot} into {@code output}.
     *
     * @return the compiler's errors, each with its file and line; empty if the sources compiled
     */
    static List<String> errors(Path sourceRoot, List<Path> classpath, Path output) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8);
                Stream<Path> tree = Files.walk(sourceRoot)) {
            List<Path> sources = tree.filter(path -> path.toString().endsWith(".java")).collect(Collectors.toList());
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("no sources under " + sourceRoot);
            }
            List<String> options = List.of("--release", "17", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                    "-d", output.toString(), "-classpath",
                    classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                .map(diagnostic -> (diagnostic.getSource() == null ? "" : diagnostic.getSource().getName() + ":"
                        + diagnostic.getLineNumber() + ": ") + diagnostic.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }
}
