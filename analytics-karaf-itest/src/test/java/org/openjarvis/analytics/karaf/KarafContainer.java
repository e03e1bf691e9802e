package org.openjarvis.analytics.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Apache Karaf, copied fresh from the unpacked distribution and driven like an administrator would: its
 * SSH shell through {@code bin/client} in batch mode. Everything stays on loopback: SSH and JMX listen on
 * 127.0.0.1 at free ports, and the only Maven repositories are local folders, so no bundle is downloaded.
 */
final class KarafContainer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final int sshPort;
    private final Process process;

    private KarafContainer(Path home, int sshPort, Process process) {
        this.home = home;
        this.sshPort = sshPort;
        this.process = process;
    }

    /**
     * Copies {@code distribution} to {@code home}, confines it to loopback and to the given local repositories,
     * starts it with {@code environment} added to its environment, and waits for its shell.
     */
    static KarafContainer start(Path distribution, Path home, List<Path> repositories,
            Map<String, String> environment) throws IOException, InterruptedException {
        deleteRecursively(home);
        copyRecursively(distribution, home);
        int sshPort = freePort();
        Path etc = home.resolve("etc");
        edit(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + sshPort);
        edit(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost = 0.0.0.0", "sshHost = 127.0.0.1");
        edit(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = "
                + freePort());
        edit(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = "
                + freePort());
        // Karaf 4.4 ships with every user commented out; the test logs in as an administrator.
        Files.writeString(etc.resolve("users.properties"), "karaf = karaf,_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                StandardCharsets.ISO_8859_1);
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), mavenConfiguration(repositories),
                StandardCharsets.ISO_8859_1);

        ProcessBuilder builder = new ProcessBuilder("bash", "bin/karaf", "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("DO_NOT_TRACK");
        builder.environment().remove("OPENJARVIS_NO_ANALYTICS");
        // Until a test configures "home", analytics would write its anonymous id under the user's ~/.openjarvis.
        builder.environment().put("OPENJARVIS_HOME", home.resolve("openjarvis-default-home").toString());
        builder.environment().putAll(environment);
        KarafContainer karaf = new KarafContainer(home, sshPort, builder.start());
        karaf.awaitShell();
        return karaf;
    }

    /** Runs shell commands in one session and returns what they printed, without colours. */
    String run(String... commands) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "bin/client", "-a", String.valueOf(sshPort), "-h",
                    "127.0.0.1", "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "2", "-b").directory(home.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process client = builder.start();
            try (OutputStream in = client.getOutputStream()) {
                in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            byte[] output;
            try (InputStream out = client.getInputStream()) {
                output = out.readAllBytes(); // ends when the client exits; the timeout below is the backstop
            }
            if (!client.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                client.destroyForcibly();
                throw new AssertionError("bin/client did not return for " + List.of(commands));
            }
            return new String(output, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command until its output satisfies {@code condition}, or fails with the last output. */
    String await(String command, Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String output = run(command);
        while (!condition.test(output)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last output of " + command + ":\n"
                        + output);
            }
            sleep(Duration.ofMillis(500));
            output = run(command);
        }
        return output;
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    /** Shuts Karaf down through its shell, then makes sure the process is gone. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            run("system:shutdown -f");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
    }

    private void awaitShell() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!run("echo shell-ready").contains("shell-ready")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Karaf did not open its shell; see " + home.resolve("console.log")
                        + " and " + home.resolve("data/log/karaf.log"));
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    // Only local folders: the system/ folder, the test's repository, and the local Maven repository.
    private static String mavenConfiguration(List<Path> repositories) {
        StringBuilder cfg = new StringBuilder("org.ops4j.pax.url.mvn.useFallbackRepositories = false\n"
                + "org.ops4j.pax.url.mvn.repositories =\n"
                + "org.ops4j.pax.url.mvn.defaultRepositories = "
                + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots");
        for (int i = 0; i < repositories.size(); i++) {
            cfg.append(", ").append(repositories.get(i).toUri()).append("@id=local").append(i).append("@snapshots");
        }
        return cfg.append('\n').toString();
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " has no line " + from);
        }
        Files.writeString(file, text.replace(from, to), StandardCharsets.ISO_8859_1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
