package org.openjarvis.analytics.common.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories that only the process user may read or change.
 *
 * <ul>
 * <li>Directories are created {@code rwx------}, each missing parent too; files {@code rw-------}, exclusively, so
 * a link planted at the name is never written through.</li>
 * <li>Before use, a directory or file is checked the way ssh checks {@code ~/.ssh}: it must be owned by the process
 * user and not writable by group or others, or it is refused with an {@link UnsafeFileException}. Otherwise another
 * local user could plant, rename or replace what we write there.</li>
 * </ul>
 *
 * On a file system without POSIX permissions (Windows) nothing is checked, and files get the directory's defaults.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private PrivateFiles() {
    }

    /**
     * Creates {@code directory} and its missing parents owner-only, then checks it with
     * {@link #checkDirectory(Path)}. Directories that already exist are only checked, never changed.
     */
    public static Path createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            Path parent = absolute.getParent();
            if (parent != null) {
                createMissing(parent);
            }
            createMissing(absolute);
        }
        checkDirectory(absolute);
        return absolute;
    }

    private static void createMissing(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            createMissing(parent);
        }
        try {
            Files.createDirectory(directory, ownerOnlyDirectory(directory));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e; // a file, or a link to nothing
            }
        }
    }

    /**
     * Refuses a directory (a link to one is followed) that is not owned by the process user or that group or others
     * may write to.
     */
    public static void checkDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new UnsafeFileException(directory, "is not a directory");
        }
        check(directory, posix(directory, true));
    }

    /**
     * Refuses an existing file that is a symbolic link, is not owned by the process user, or that group or others
     * may write to. A file that does not exist passes.
     */
    public static void checkFile(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new UnsafeFileException(file, "is a symbolic link");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        check(file, posix(file, false));
    }

    /** Creates {@code file} exclusively, owner-only; fails if anything, a link included, is at that name. */
    public static Path createFile(Path file) throws IOException {
        return Files.createFile(file, ownerOnlyFile(file));
    }

    /**
     * Opens {@code file} for appending, creating it owner-only if it is missing. A symbolic link at the name is not
     * followed (the open fails), so a link planted there cannot redirect what is written. Check an existing file
     * with {@link #checkFile(Path)} first.
     */
    public static FileChannel openForAppend(Path file) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
        return FileChannel.open(file, options, ownerOnlyFile(file));
    }

    /**
     * Creates a new directory in {@code parent} whose name starts with {@code prefix}, owner-only from the moment it
     * exists (no window in which another user could enter it).
     */
    public static Path createTempDirectory(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix, ownerOnlyDirectory(parent));
    }

    /**
     * Replaces {@code target} with {@code content} atomically: a fresh owner-only temporary file next to it
     * ({@code <name>.tmp}, any stale one removed first) is written and renamed over the target. A rename replaces a
     * link at the target instead of following it, and a crash leaves the old content or the new, never a mix.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            createFile(temporary);
            Files.write(temporary, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void check(Path path, PosixFileAttributes attributes) throws IOException {
        if (attributes == null) {
            return; // no POSIX permissions here: nothing to check
        }
        UserPrincipal owner = attributes.owner();
        if (!owner.equals(ProcessUser.principal(path.getFileSystem()))) {
            throw new UnsafeFileException(path, "is owned by " + owner.getName() + ", not by the user running this "
                    + "process");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
            throw new UnsafeFileException(path, "may be changed by other users (mode "
                    + PosixFilePermissions.toString(permissions) + "); allow writing by its owner only, e.g. "
                    + "chmod go-w");
        }
    }

    private static PosixFileAttributes posix(Path path, boolean followLinks) throws IOException {
        PosixFileAttributeView view = followLinks ? Files.getFileAttributeView(path, PosixFileAttributeView.class)
                : Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        return view == null ? null : view.readAttributes();
    }

    private static FileAttribute<?>[] ownerOnlyDirectory(Path path) {
        return supportsPosix(path) ? new FileAttribute<?>[] {OWNER_ONLY_DIRECTORY} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] ownerOnlyFile(Path path) {
        return supportsPosix(path) ? new FileAttribute<?>[] {OWNER_ONLY_FILE} : new FileAttribute<?>[0];
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
