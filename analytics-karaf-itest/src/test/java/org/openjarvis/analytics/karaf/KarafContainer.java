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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Apache Karaf, copied fresh from the unpacked distribution and driven like an administrator would: its
 * SSH shell through {@code bin/client}, in batch mode, with a command (ssh exec) and as an interactive console on a
 * terminal, and through OpenSSH's {@code ssh} with a command. Everything stays on loopback: SSH and JMX listen on 127.0.0.1 at free ports, and the only Maven
 * repositories are the distribution's system/ folder, the folder of installed KARs and the given local folders; the
 * local Maven repository is an empty folder, so nothing is read from ~/.m2 and no bundle is downloaded.
 */
final class KarafContainer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern CONTROL = Pattern.compile("\u001B(?:\\[[0-9;?]*[A-Za-z]|[()][A-Z0-9]|[=>])");

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
        // OpenSSH's ssh logs in with a key made for this instance (Karaf reads public keys from keys.properties).
        Path key = home.resolve("ssh-key");
        runTool(home, "ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-C", "karaf-itest", "-f",
                key.toString());
        String publicKey = Files.readString(home.resolve("ssh-key.pub"), StandardCharsets.US_ASCII).split(" ")[1];
        Files.writeString(etc.resolve("keys.properties"), "karaf = " + publicKey + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                StandardCharsets.ISO_8859_1);
        Files.createDirectories(home.resolve("empty-local-repository"));
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), mavenConfiguration(home, repositories),
                StandardCharsets.ISO_8859_1);

        ProcessBuilder builder = new ProcessBuilder("bash", "bin/karaf", "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("DO_NOT_TRACK");
        builder.environment().remove("OPENJARVIS_NO_ANALYTICS");
        // Where analytics would write if the features left "home" unset (else the user's ~/.openjarvis): KarafIT
        // checks that nothing lands here.
        builder.environment().put("OPENJARVIS_HOME", home.resolve("openjarvis-default-home").toString());
        builder.environment().putAll(environment);
        KarafContainer karaf = new KarafContainer(home, sshPort, builder.start());
        karaf.awaitShell();
        return karaf;
    }

    /** What {@code bin/client} printed (without colours) and its exit status. */
    record Result(int exitStatus, String output) {
    }

    /** Runs shell commands in one session and returns what they printed, without colours. */
    String run(String... commands) {
        return batch(commands).output();
    }

    /** Runs shell commands in batch mode ({@code bin/client -b}, the commands on its standard input). */
    Result batch(String... commands) {
        List<String> arguments = new ArrayList<>(client());
        arguments.add("-b");
        return call(arguments, (String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs one command as an ssh exec request ({@code bin/client ... COMMAND}). The client closes the channel when its
     * standard input ends, so it is kept open until the command has returned.
     */
    Result exec(String command) {
        List<String> arguments = new ArrayList<>(client());
        arguments.add(command);
        return call(arguments, null);
    }

    /**
     * Runs one command with OpenSSH's {@code ssh}, as {@code ssh -p PORT karaf@HOST COMMAND}: an exec request from
     * another SSH implementation than Karaf's own client, logged in with this instance's key.
     */
    Result ssh(String command) {
        return call(List.of("ssh", "-p", String.valueOf(sshPort), "-i", home.resolve("ssh-key").toString(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "karaf@127.0.0.1", command), null);
    }

    /**
     * Types into an interactive console on a terminal, as a person would: {@code bin/client} under {@code script},
     * which gives it a pseudo-terminal, so that the console behaves as on a real one (TAB completes). Each key of
     * {@code typed} is typed once the text of the previous one (or the prompt) has appeared, and must make its value
     * appear. Returns everything the console showed, without escape sequences.
     */
    String console(Map<String, String> typed) {
        List<String> command = new ArrayList<>(List.of("script", "-qfec"));
        command.add(String.join(" ", client()));
        command.add("/dev/null");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TERM", "xterm");
        try {
            Process terminal = builder.start();
            StringBuffer screen = new StringBuffer();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream out = terminal.getInputStream()) {
                    for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
                        screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the terminal closed: what was read is the screen
                }
            });
            reader.start();
            try (OutputStream keyboard = terminal.getOutputStream()) {
                awaitScreen(screen, "karaf@root()>");
                for (Map.Entry<String, String> entry : typed.entrySet()) {
                    keyboard.write(entry.getKey().getBytes(StandardCharsets.UTF_8));
                    keyboard.flush();
                    awaitScreen(screen, entry.getValue());
                }
                keyboard.write("logout\r".getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
                if (!terminal.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    terminal.destroyForcibly();
                    throw new AssertionError("the console did not close after logout:\n" + plain(screen));
                }
            }
            reader.join(COMMAND_TIMEOUT.toMillis());
            return plain(screen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void awaitScreen(StringBuffer screen, String text) {
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (!plain(screen).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the console never showed " + text + ":\n" + plain(screen));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    // The terminal's control sequences (colours, cursor moves, character sets) and carriage returns removed.
    private static String plain(CharSequence screen) {
        return CONTROL.matcher(screen).replaceAll("").replace("\r", "");
    }

    private List<String> client() {
        return List.of("bash", "bin/client", "-a", String.valueOf(sshPort), "-h", "127.0.0.1", "-u", "karaf", "-p",
                "karaf", "-r", "3", "-d", "2");
    }

    // Runs bin/client; with input null, its standard input stays open until it exits.
    private Result call(List<String> arguments, byte[] input) {
        try {
            ProcessBuilder builder = new ProcessBuilder(arguments).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process client = builder.start();
            OutputStream in = client.getOutputStream();
            if (input != null) {
                in.write(input);
                in.close();
            }
            byte[] output;
            try (InputStream out = client.getInputStream()) {
                output = out.readAllBytes(); // ends when the client exits; the timeout below is the backstop
            } finally {
                in.close();
            }
            if (!client.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                client.destroyForcibly();
                throw new AssertionError("bin/client did not return for " + arguments);
            }
            return new Result(client.exitValue(), plain(new String(output, StandardCharsets.UTF_8)));
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

    // Only local folders: the system/ folder, the installed KARs, the given ones; an empty local repository.
    private static String mavenConfiguration(Path home, List<Path> repositories) {
        StringBuilder cfg = new StringBuilder("org.ops4j.pax.url.mvn.useFallbackRepositories = false\n"
                + "org.ops4j.pax.url.mvn.localRepository = " + home.resolve("empty-local-repository") + "\n"
                + "org.ops4j.pax.url.mvn.repositories =\n"
                + "org.ops4j.pax.url.mvn.defaultRepositories = "
                + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots");
        for (int i = 0; i < repositories.size(); i++) {
            cfg.append(", ").append(repositories.get(i).toUri()).append("@id=local").append(i).append("@snapshots");
        }
        return cfg.append('\n').toString();
    }

    private static void runTool(Path directory, String... command) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tool.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
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
