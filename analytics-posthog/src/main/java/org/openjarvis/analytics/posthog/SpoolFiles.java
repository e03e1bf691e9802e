package org.openjarvis.analytics.posthog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.openjarvis.analytics.common.files.PrivateFiles;
import org.openjarvis.analytics.common.files.UnsafeFileException;

/**
 * The spool's directory on disk: batch files named by a 19-digit sequence number ({@code <n>.jsonl}), so that they
 * list in order, and what is set aside beside them ({@code .corrupt}, {@code .rejected}). Reports what it could not
 * do to {@code warnings}, or to the {@link BatchSpool}, which decides what that means for the accounting. Not
 * thread-safe: the spool serialises calls.
 */
final class SpoolFiles {

    private static final Pattern NAME = Pattern.compile("\\d{19}\\.jsonl");
    // What a discard deletes besides the batches: files set aside, and a temporary file a crash left.
    private static final Pattern LEFT_OVER = Pattern.compile("\\d{19}\\.jsonl\\.(corrupt|rejected|tmp)");
    private static final String CORRUPT_SUFFIX = ".corrupt";
    private static final String REJECTED_SUFFIX = ".rejected";
    /** A file written here holds one batch; anything much larger was not written by us. */
    private static final long MAX_FILE_BYTES = PostHogSettings.MAX_BATCH_BYTES + 1024 * 1024;

    private final Path directory;
    private final Consumer<String> warnings;
    private boolean refused; // the last listing refused the directory
    private String lastProblem; // the directory problem logged last, so that it is logged once

    SpoolFiles(Path directory, Consumer<String> warnings) {
        this.directory = directory;
        this.warnings = warnings;
    }

    Path directory() {
        return directory;
    }

    Path file(long sequence) {
        return directory.resolve(String.format("%019d.jsonl", sequence));
    }


    /** The sequence number of a file named by {@link #file}; -1 if it exceeds a long. */
    static long sequence(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('.')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Creates the directory and its parent (the configured {@code spool.dir}) owner-only and checks both, then lists
     * the batch files: their sizes by sequence number. Links and other names are skipped. Empty, logged once, if the
     * directory cannot be used ({@link #refused()} says whether it was refused as unsafe).
     */
    Optional<Map<Long, Long>> list() {
        try {
            Map<Long, Long> sizes = listBatches();
            refused = false;
            lastProblem = null;
            return Optional.of(sizes);
        } catch (IOException e) {
            refused = e instanceof UnsafeFileException;
            warnOnce(refused ? "The PostHog spool directory is refused, so nothing is spooled or resent: "
                    + e.getMessage() : "The PostHog spool directory " + directory + " cannot be used: " + e);
            return Optional.empty();
        }
    }

    /** Whether the last {@link #list()} refused the directory: another user's, or writable by others. */
    boolean refused() {
        return refused;
    }

    private Map<Long, Long> listBatches() throws IOException {
        PrivateFiles.createDirectories(directory.getParent()); // spool.dir itself: it holds our directory
        PrivateFiles.createDirectories(directory);
        Map<Long, Long> sizes = new LinkedHashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!NAME.matcher(name).matches() || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long sequence = sequence(entry);
                if (sequence < 0 || sequence == Long.MAX_VALUE) { // no next name would follow it in order
                    warnings.accept("Ignored " + entry + ": not a sequence number this spool writes");
                    continue;
                }
                sizes.put(sequence, Files.size(entry));
            }
        }
        return sizes;
    }

    private void warnOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            warnings.accept(problem);
        }
    }

    /**
     * Reads a batch file back.
     *
     * @throws CorruptSpoolFileException if it can never be sent: a link, another user's file, one others may
     *         change, one too large to be ours, or content that is not ours
     */
    static List<BatchQueue.Entry> read(Path file) throws IOException {
        try {
            PrivateFiles.checkFile(file);
        } catch (UnsafeFileException e) {
            throw new CorruptSpoolFileException("not a spool file written by this sink: " + e.getMessage());
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new CorruptSpoolFileException("not a spool file written by this sink");
        }
        return SpoolLine.parse(Files.readAllBytes(file));
    }

    /** Deletes a file; a link is deleted, never what it points to. A failure is logged. */
    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            warnings.accept("Could not delete the spooled PostHog batch " + file + ": " + e);
        }
    }

    /** Deletes what was set aside, and a temporary file a crash left. */
    void deleteLeftOvers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> LEFT_OVER.matcher(entry.getFileName().toString()).matches())) {
            entries.forEach(this::delete);
        } catch (IOException e) {
            warnings.accept("Could not list the PostHog spool directory " + directory + " to delete what was set "
                    + "aside: " + e);
        }
    }

    /** Adds events of {@code batch} that may never be sent to {@code <name>.rejected}, with a log line. */
    void setAside(Path batch, List<BatchQueue.Entry> rejected) {
        Path aside = batch.resolveSibling(batch.getFileName() + REJECTED_SUFFIX);
        try {
            byte[] earlier = Files.isRegularFile(aside, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(aside)
                    : new byte[0];
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes(earlier);
            content.writeBytes(SpoolLine.lines(rejected));
            PrivateFiles.writeAtomically(aside, content.toByteArray());
            warnings.accept("Set aside " + rejected.size() + " spooled PostHog events that this sink would not send "
                    + "now (not a catalogue event, another anonymous id, or properties that do not pass): kept in "
                    + aside.getFileName() + ", never sent");
        } catch (IOException e) {
            warnings.accept("Set aside " + rejected.size() + " spooled PostHog events that this sink would not send "
                    + "now; they could not be kept in " + aside.getFileName() + ": " + e);
        }
    }

    /** Renames a corrupt batch file to {@code <name>.corrupt}, never to be sent, with a log line. */
    void setAsideCorrupt(Path file, String reason) {
        Path aside = directory.resolve(file.getFileName() + CORRUPT_SUFFIX);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            warnings.accept("Skipped the corrupt spooled PostHog batch " + file + " (" + reason + "); kept as "
                    + aside.getFileName());
        } catch (IOException e) {
            warnings.accept("Skipped the corrupt spooled PostHog batch " + file + " (" + reason + ")");
        }
    }
}
