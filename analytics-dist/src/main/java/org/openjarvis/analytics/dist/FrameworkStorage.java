package org.openjarvis.analytics.dist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;

import org.openjarvis.analytics.common.files.PrivateFiles;

/**
 * The framework's storage: a fresh directory in {@code java.io.tmpdir}, owner-only ({@code rwx------}) from the
 * moment it exists, because Config Admin persists every configuration there. It is removed at every exit the JVM
 * allows; a SIGKILL leaves it, and the next start removes it.
 *
 * <p>To tell a storage left behind from one in use, each holds a lock file that its JVM keeps locked for its whole
 * life, and writes its process id into only once it holds the lock. A storage whose lock can be taken while the
 * file has content was therefore left by a JVM that is gone. An empty one is being created this instant, and one
 * without a lock file comes from an older version that may still run: both are left alone.
 */
final class FrameworkStorage implements AutoCloseable {

    static final String PREFIX = "openjarvis-analytics-felix";
    static final String LOCK_FILE = "openjarvis-analytics.lock";

    private final Path directory;
    private final FileChannel lock; // held open, and locked, until close
    private boolean closed;

    private FrameworkStorage(Path directory, FileChannel lock) {
        this.directory = directory;
        this.lock = lock;
    }

    /** Creates and locks a new storage in {@code parent}. */
    static FrameworkStorage create(Path parent) throws IOException {
        Path directory = PrivateFiles.createTempDirectory(parent, PREFIX);
        FileChannel lock = null;
        try {
            lock = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            lock.lock(); // waits while another start that just found this file empty looks at it
            lock.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new FrameworkStorage(directory, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            deleteTree(directory);
            throw e;
        }
    }

    Path directory() {
        return directory;
    }

    /**
     * Removes every storage in this one's parent directory that belongs to the same user and that no running JVM
     * holds, printing one line for each one removed, or left because it cannot be told apart from one in use.
     * Symbolic links, other users' directories and anything else are never touched.
     */
    void removeStale(PrintStream err) {
        UserPrincipal user;
        try {
            user = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS); // exact, even without a passwd entry
        } catch (IOException | UnsupportedOperationException e) {
            return; // no owners on this file system: nothing can be told to be ours
        }
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(directory.getParent(), PREFIX + "*")) {
            for (Path candidate : candidates) {
                if (!candidate.equals(directory) && ownedDirectory(candidate, user)) {
                    removeIfStale(candidate, err);
                }
            }
        } catch (IOException e) {
            err.println("[WARN] openjarvis-analytics: cannot look for framework storage left behind in "
                    + directory.getParent() + ": " + e);
        }
    }

    /** Deletes the storage, then releases its lock; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            deleteTree(directory);
        } catch (IOException e) {
            // What is left is owner-only and still locked until the JVM is gone; the next start removes it.
        } finally {
            try {
                lock.close(); // releases the lock
            } catch (IOException e) {
                // The lock goes with the process anyway.
            }
        }
    }

    private static boolean ownedDirectory(Path path, UserPrincipal user) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() && user.equals(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return false; // gone meanwhile, or not ours to read
        }
    }

    private static void removeIfStale(Path candidate, PrintStream err) {
        Path lockFile = candidate.resolve(LOCK_FILE);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return; // held by this JVM
            }
            if (held == null || channel.size() == 0) {
                return; // in use, or being created
            }
            String owner = readPid(channel);
            deleteTree(candidate); // while holding the lock: no other start can take it meanwhile
            err.println("[INFO] openjarvis-analytics: removed the framework storage " + candidate + " left by "
                    + "process " + owner + ", which ended without cleaning up");
        } catch (NoSuchFileException e) {
            err.println("[WARN] openjarvis-analytics: left " + candidate + " alone: it has no lock file, so an "
                    + "older version may be using it; it may hold configuration, API keys included: delete it "
                    + "once no openjarvis-analytics runs");
        } catch (IOException e) {
            err.println("[WARN] openjarvis-analytics: cannot remove the framework storage " + candidate
                    + " left behind: " + e);
        }
    }

    private static String readPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(20); // a pid has at most 19 digits
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("\\d{1,19}") ? text : "(unknown)";
    }

    // Links are deleted, never followed.
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
