package org.openjarvis.analytics.impl.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.openjarvis.analytics.common.files.PrivateFiles;

/**
 * Appends lines to a file, rotating it by size: when the next line would make the current file larger than
 * {@code maxBytes}, {@code events.jsonl} becomes {@code events.jsonl.1}, {@code .1} becomes {@code .2} and so on;
 * at most {@code keep} rotated files are kept and the oldest is deleted ({@code keep = 0}: the full file is simply
 * deleted). A line is never split across files; a single line longer than {@code maxBytes} gets a file of its own.
 *
 * <p>Each line goes to the operating system in one {@code write} on a file opened for appending, with no buffer in
 * between, so {@code tail -f} shows it at once. New files (and the parent directories' missing part) are created
 * on demand, owner-only where the file system has POSIX permissions; a directory or an existing file that another
 * user owns or may write to is refused ({@link PrivateFiles}).
 *
 * <p>The file is opened lazily, by the first {@link #append}. {@link #close()} releases the file handle, and a
 * later {@link #append} opens the file again: that is how the sink retries after an I/O error. If the file does not
 * end with a line break when it is opened (a write was cut short, for example by a full disk), a line break is
 * written first, so a partial line never swallows the next one. If the file was deleted or replaced behind its back
 * (a user clearing the log, an external log rotation), the next {@link #append} notices and opens the file at the
 * path again, so lines do not keep going to a file nobody can see.
 *
 * <p>Not thread-safe: the caller serialises access. Reports failures as {@link IOException}; it never logs.
 */
public final class RotatingFile implements Closeable {

    private static final byte NEWLINE = '\n';

    private final Path path;
    private final long maxBytes;
    private final int keep;
    private FileChannel channel;
    private Object fileKey; // identity of the open file (inode), where the file system has one
    private long size;
    private volatile long rotations;

    /**
     * @param path the current file; rotated files are named after it with a {@code .1}, {@code .2}, ... suffix
     * @param maxBytes the size a file may reach before it is rotated; at least 1
     * @param keep how many rotated files to keep; at least 0
     */
    public RotatingFile(Path path, long maxBytes, int keep) {
        if (path.getFileName() == null) {
            throw new IllegalArgumentException("not a file path: " + path);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, was " + keep);
        }
        this.path = path.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** The current file. */
    public Path path() {
        return path;
    }

    /** The name of the {@code index}-th rotated file ({@code events.jsonl.1} is the newest). */
    public Path rotated(int index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    /** How many times the file was rotated since this object was created. Safe to read from any thread. */
    public long rotations() {
        return rotations;
    }

    /**
     * Appends one line, rotating first if it would not fit. On an exception, part of the line may have been
     * written; call {@link #close()} and try again later.
     *
     * @param line the complete line, including its terminating {@code \n}
     */
    public void append(byte[] line) throws IOException {
        if (channel != null && deletedOrReplaced()) {
            close();
        }
        if (channel == null) {
            open();
        }
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
            open();
        }
        writeFully(ByteBuffer.wrap(line));
    }

    /** Forces what was written to the storage device. Does nothing while no file is open. */
    public void flush() throws IOException {
        if (channel != null) {
            channel.force(false);
        }
    }

    /** Releases the file handle, if any. A later {@link #append} opens the file again. */
    @Override
    public void close() throws IOException {
        FileChannel open = channel;
        channel = null;
        fileKey = null;
        size = 0;
        if (open != null) {
            open.close();
        }
    }

    private void open() throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            PrivateFiles.createDirectories(parent);
        }
        PrivateFiles.checkFile(path); // another user's file, or one they may write to, is never appended to
        FileChannel opened = PrivateFiles.openForAppend(path); // never through a link planted at the path
        try {
            size = opened.size();
            fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            channel = opened;
            if (size > 0 && !endsWithNewline(size)) {
                writeFully(ByteBuffer.wrap(new byte[] {NEWLINE}));
            }
        } catch (IOException | RuntimeException e) {
            channel = null;
            fileKey = null;
            size = 0;
            try {
                opened.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // One stat per line. Also picks up the size if someone else appended to or truncated the file.
    private boolean deletedOrReplaced() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return true;
        }
        if (fileKey != null && !fileKey.equals(attributes.fileKey())) {
            return true;
        }
        size = attributes.size();
        return false;
    }

    private boolean endsWithNewline(long length) throws IOException {
        try (SeekableByteChannel reader = Files.newByteChannel(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.position(length - 1);
            return reader.read(last) != 1 || last.get(0) == NEWLINE;
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            size += channel.write(bytes);
        }
    }

    private void rotate() throws IOException {
        close();
        if (keep == 0) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(rotated(keep));
            for (int index = keep - 1; index >= 1; index--) {
                Path older = rotated(index);
                if (Files.exists(older)) {
                    Files.move(older, rotated(index + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        // Files left over from a larger 'keep' setting: they are numbered contiguously, so stop at the first gap.
        for (int index = keep + 1; Files.deleteIfExists(rotated(index)); index++) {
            // deleted one more
        }
        rotations++;
    }
}
