package org.openjarvis.analytics.posthog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.openjarvis.analytics.common.files.PrivateFiles;
import org.openjarvis.analytics.common.files.UnsafeFileException;
import org.openjarvis.analytics.common.status.Counters;

/**
 * Batches that could not be sent for a passing reason (the host unreachable, retries used up, shutdown), kept on
 * disk to be sent later. One file per batch, named by a sequence number so that they reload in order; each line
 * is one event's JSON as {@link WireFormat} wrote it (the API key is never written). Files are written to a
 * temporary name and renamed, so a crash leaves either the whole file or none ({@link PrivateFiles}).
 *
 * <p>The spool directory and its parent (the configured {@code spool.dir}) are created owner-only, and refused, as
 * ssh refuses {@code ~/.ssh}, when they are owned by another user or writable by group or others: such a user could
 * plant a batch to be sent with this user's key, or rename this user's files. A refused directory is logged once;
 * nothing is then spooled (counted as {@code spool_unsafe}), read or resent from it.
 *
 * <p>Bounded by file count and bytes: a batch that does not fit is refused and counted. A file that cannot be
 * parsed is renamed to {@code *.corrupt} with a log line and never sent; events the sink finds it may no longer send
 * are {@linkplain #setAside set aside} in {@code *.rejected}; a file that cannot be read for an I/O reason stays
 * where it is. Nothing is deleted because of a transient error. All methods are safe to call from any thread.
 *
 * <p>The file being resent is {@linkplain #checkOut checked out}: until it is {@linkplain #replace replaced} or
 * {@linkplain #release released}, its events are not counted in {@link #events()}, since the sink holds them.
 */
final class BatchSpool {

    /** A spooled file and its events. */
    record Spooled(Path file, List<BatchQueue.Entry> entries) {
    }

    /** A file's size, and its event count once known (files left by an earlier run are counted when read). */
    private record SpoolFile(long bytes, int events) {
        static final int UNKNOWN = -1;

        boolean counted() {
            return events != UNKNOWN;
        }
    }

    private static final Pattern NAME = Pattern.compile("\\d{19}\\.jsonl");
    // What a discard deletes besides the batches: files set aside, and a temporary file a crash left.
    private static final Pattern LEFT_OVER = Pattern.compile("\\d{19}\\.jsonl\\.(corrupt|rejected|tmp)");
    private static final String CORRUPT_SUFFIX = ".corrupt";
    private static final String REJECTED_SUFFIX = ".rejected";
    private static final JsonFactory JSON = new JsonFactory();
    /** A file written here holds one batch; anything much larger was not written by us. */
    private static final long MAX_FILE_BYTES = PostHogSettings.MAX_BATCH_BYTES + 1024 * 1024;

    private final Path directory;
    private final int maxFiles;
    private final long maxBytes;
    private final Consumer<String> warnings;
    private final TreeMap<Long, SpoolFile> files = new TreeMap<>(); // by sequence; guarded by this
    // What is left of a partly sent file that could not be rewritten: sent instead of the file; guarded by this
    private final Map<Long, List<BatchQueue.Entry>> unsaved = new HashMap<>();
    private boolean scanned; // guarded by this
    private boolean unsafe; // the last scan refused the directory; guarded by this
    private String lastProblem; // the directory problem logged last, so that it is logged once; guarded by this
    private long lastSequence; // never used again in this run, even once its file is gone; guarded by this
    private Long checkedOut; // the sequence of the file being resent, or null; guarded by this
    private long bytes; // of every indexed file; guarded by this
    private long events; // of every counted file; guarded by this
    private final Counters<SpoolCounter> counts = new Counters<>(SpoolCounter.class);

    BatchSpool(Path directory, int maxFiles, long maxBytes, Consumer<String> warnings) {
        this.directory = directory;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.warnings = warnings;
    }

    /** Keeps the batch for later; if the spool is full or the write fails, its events are counted as dropped. */
    synchronized void write(List<BatchQueue.Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        byte[] content = lines(batch);
        if (!scan()) {
            counts.add(unsafe ? SpoolCounter.DROPPED_SPOOL_UNSAFE : SpoolCounter.DROPPED_SPOOL_ERROR, batch.size());
            return;
        }
        if (files.size() >= maxFiles || bytes + content.length > maxBytes) {
            counts.add(SpoolCounter.DROPPED_SPOOL_FULL, batch.size());
            return;
        }
        long sequence = Math.max(lastSequence, files.isEmpty() ? 0 : files.lastKey()) + 1;
        lastSequence = sequence;
        try {
            PrivateFiles.writeAtomically(file(sequence), content);
        } catch (IOException e) {
            counts.add(SpoolCounter.DROPPED_SPOOL_ERROR, batch.size());
            warnings.accept("Could not spool " + batch.size() + " PostHog events to " + directory + ": " + e);
            return;
        }
        index(sequence, new SpoolFile(content.length, batch.size()));
        counts.add(SpoolCounter.SPOOLED, batch.size());
    }

    /**
     * The oldest spooled batch that can be read, for resending: its events leave {@link #events()} until it is
     * {@linkplain #replace replaced} or {@linkplain #release released}. Empty if there is none, or one is checked out.
     */
    synchronized Optional<Spooled> checkOut() {
        if (checkedOut != null) {
            return Optional.empty();
        }
        Optional<Spooled> oldest = oldest();
        oldest.ifPresent(batch -> checkedOut = sequence(batch.file()));
        return oldest;
    }

    /** Puts a checked-out batch back as it is: nothing of it was sent. */
    synchronized void release(Spooled batch) {
        checkIn(sequence(batch.file()));
    }

    /**
     * Moves events of a batch that may not be sent to {@code <file>.rejected}, counted as {@code spool_rejected},
     * with a log line. They stay in the batch's file until it is {@linkplain #replace replaced} without them.
     */
    synchronized void setAside(Spooled batch, List<BatchQueue.Entry> rejected) {
        counts.add(SpoolCounter.DROPPED_SPOOL_REJECTED, rejected.size());
        Path aside = batch.file().resolveSibling(batch.file().getFileName() + REJECTED_SUFFIX);
        try {
            byte[] earlier = Files.isRegularFile(aside, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(aside)
                    : new byte[0];
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes(earlier);
            content.writeBytes(lines(rejected));
            PrivateFiles.writeAtomically(aside, content.toByteArray());
            warnings.accept("Set aside " + rejected.size() + " spooled PostHog events that this sink would not send "
                    + "now (not a catalogue event, another anonymous id, or properties that do not pass): kept in "
                    + aside.getFileName() + ", never sent");
        } catch (IOException e) {
            warnings.accept("Set aside " + rejected.size() + " spooled PostHog events that this sink would not send "
                    + "now; they could not be kept in " + aside.getFileName() + ": " + e);
        }
    }

    /**
     * The oldest spooled batch that can be read, or empty. Corrupt files met on the way are set aside; an I/O error
     * leaves the file for a later attempt and returns empty.
     */
    synchronized Optional<Spooled> oldest() {
        while (scan() && !files.isEmpty()) {
            long sequence = files.firstKey();
            Path file = file(sequence);
            try {
                List<BatchQueue.Entry> entries = unsaved.containsKey(sequence) ? unsaved.get(sequence) : read(file);
                count(sequence, entries.size());
                return Optional.of(new Spooled(file, entries));
            } catch (NoSuchFileException e) {
                counts.add(SpoolCounter.DROPPED_SPOOL_ERROR, forget(sequence)); // removed by hand: nothing to send
            } catch (CorruptFileException e) {
                setAsideCorrupt(sequence, e.getMessage());
            } catch (IOException e) {
                warnings.accept("Could not read the spooled PostHog batch " + file + ", will try again later: " + e);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Replaces a spooled batch by what is left of it: removes the file when nothing is. If the file cannot be
     * updated, the events already sent are neither sent again nor counted as pending in this run: the rest is kept
     * in memory in the file's place, and a file sent in full leaves the index. Only a restart would read the stale
     * file again, and resend its events with the same uuids.
     */
    synchronized void replace(Spooled spooled, List<BatchQueue.Entry> remaining) {
        long sequence = sequence(spooled.file());
        checkIn(sequence);
        if (!files.containsKey(sequence) || remaining.size() == spooled.entries().size()) {
            return; // discarded meanwhile, or nothing sent: the file stays as it is
        }
        try {
            if (remaining.isEmpty()) {
                Files.deleteIfExists(spooled.file());
                forget(sequence);
            } else {
                byte[] content = lines(remaining);
                PrivateFiles.writeAtomically(spooled.file(), content);
                forget(sequence);
                index(sequence, new SpoolFile(content.length, remaining.size()));
            }
        } catch (IOException e) {
            long staleBytes = files.get(sequence).bytes();
            forget(sequence);
            if (remaining.isEmpty()) {
                warnings.accept("Could not delete the sent PostHog batch " + spooled.file()
                        + "; this run does not send it again (a restart would, with the same uuids): " + e);
            } else {
                index(sequence, new SpoolFile(staleBytes, remaining.size()));
                unsaved.put(sequence, List.copyOf(remaining));
                warnings.accept("Could not update the partly sent PostHog batch " + spooled.file()
                        + "; its " + remaining.size() + " unsent events are kept in memory in its place: " + e);
            }
        }
    }

    /**
     * Deletes every spooled batch (consent withdrawn), and what was set aside or left by a crash; returns how many
     * events the batches held, except a checked-out one, whose events its holder counts. Works before anything else
     * was called: the files of an earlier run are read to count their events (as {@link #recovered()}), then deleted.
     */
    synchronized long discardAll() {
        long discarded = 0;
        Long held = checkedOut;
        checkedOut = null;
        while (scan() && !files.isEmpty()) {
            long sequence = files.firstKey();
            Path file = file(sequence);
            if (!files.get(sequence).counted()) {
                try {
                    count(sequence, read(file).size());
                } catch (IOException e) {
                    // Unreadable or corrupt, and never counted: deleted all the same, as consent no longer allows
                    // keeping it.
                }
            }
            delete(file);
            long counted = forget(sequence);
            discarded += Long.valueOf(sequence).equals(held) ? 0 : counted;
        }
        if (scanned) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                    entry -> LEFT_OVER.matcher(entry.getFileName().toString()).matches())) {
                entries.forEach(this::delete);
            } catch (IOException e) {
                warnings.accept("Could not list the PostHog spool directory " + directory + " to delete what was set "
                        + "aside: " + e);
            }
        }
        return discarded;
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file); // a link is deleted, never what it points to
        } catch (IOException e) {
            warnings.accept("Could not delete the spooled PostHog batch " + file + ": " + e);
        }
    }

    synchronized boolean isEmpty() {
        return !scan() || files.isEmpty();
    }

    /** Counters and gauges, in display order. */
    synchronized Map<String, Long> counters() {
        Map<String, Long> counters = counts.snapshot();
        counters.put("spool_events", events());
        counters.put("spool_files", (long) files.size());
        counters.put("spool_bytes", bytes);
        return counters;
    }

    /**
     * Events in spool files whose count is known (those written by this run, and those of earlier runs once read),
     * except the file checked out. Events of an earlier run become {@link #recovered()} when their file is first
     * read.
     */
    synchronized long events() {
        SpoolFile out = checkedOut == null ? null : files.get(checkedOut);
        return events - (out != null && out.counted() ? out.events() : 0);
    }

    /** Events of earlier runs found in the spool so far. */
    long recovered() {
        return counts.get(SpoolCounter.RECOVERED);
    }

    /**
     * Events lost in the spool, by reason: refused when full, I/O errors, a refused directory, corrupt files, events
     * set aside.
     */
    Map<String, Long> dropped() {
        return counts.dropped();
    }

    // Lists the directory once, creating it and its parent owner-only and checking both; false (retried on the next
    // call, logged once) if that failed.
    private boolean scan() {
        if (scanned) {
            return true;
        }
        try {
            PrivateFiles.createDirectories(directory.getParent()); // spool.dir itself: it holds our directory
            PrivateFiles.createDirectories(directory);
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
                    index(sequence, new SpoolFile(Files.size(entry), SpoolFile.UNKNOWN));
                }
            }
            scanned = true;
            unsafe = false;
            lastProblem = null;
            return true;
        } catch (IOException e) {
            files.clear();
            bytes = 0;
            events = 0;
            unsafe = e instanceof UnsafeFileException;
            warnOnce(unsafe ? "The PostHog spool directory is refused, so nothing is spooled or resent: "
                    + e.getMessage() : "The PostHog spool directory " + directory + " cannot be used: " + e);
            return false;
        }
    }

    private void warnOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            warnings.accept(problem);
        }
    }

    private void checkIn(long sequence) {
        if (Long.valueOf(sequence).equals(checkedOut)) {
            checkedOut = null;
        }
    }

    private void setAsideCorrupt(long sequence, String reason) {
        Path file = file(sequence);
        Path aside = directory.resolve(file.getFileName() + CORRUPT_SUFFIX);
        counts.increment(SpoolCounter.SPOOL_CORRUPT_FILES);
        counts.add(SpoolCounter.DROPPED_SPOOL_CORRUPT, forget(sequence)); // events of ours lost; an earlier run's were never counted
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            warnings.accept("Skipped the corrupt spooled PostHog batch " + file + " (" + reason + "); kept as "
                    + aside.getFileName());
        } catch (IOException e) {
            warnings.accept("Skipped the corrupt spooled PostHog batch " + file + " (" + reason + ")");
        }
    }

    // Adds a file to the index, and its size and counted events to the totals: the one place they grow.
    private void index(long sequence, SpoolFile file) {
        files.put(sequence, file);
        bytes += file.bytes();
        events += file.counted() ? file.events() : 0;
    }

    // Removes a file from the index (and any remainder kept for it) and its share of the totals; returns its counted
    // events (0 if never counted).
    private long forget(long sequence) {
        unsaved.remove(sequence);
        SpoolFile removed = files.remove(sequence);
        if (removed == null) {
            return 0;
        }
        long counted = removed.counted() ? removed.events() : 0;
        bytes -= removed.bytes();
        events -= counted;
        return counted;
    }

    // A file of an earlier run is read for the first time: its events enter the accounting as recovered.
    private void count(long sequence, int found) {
        SpoolFile file = files.get(sequence);
        if (!file.counted()) {
            forget(sequence);
            index(sequence, new SpoolFile(file.bytes(), found));
            counts.add(SpoolCounter.RECOVERED, found);
        }
    }

    private Path file(long sequence) {
        return directory.resolve(String.format("%019d.jsonl", sequence));
    }

    // The sequence number of a file named by NAME; -1 if it exceeds a long.
    private static long sequence(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('.')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] lines(List<BatchQueue.Entry> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BatchQueue.Entry entry : batch) {
            out.writeBytes(entry.json());
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static List<BatchQueue.Entry> read(Path file) throws IOException {
        try {
            PrivateFiles.checkFile(file); // a link, another user's file, or one others may change
        } catch (UnsafeFileException e) {
            throw new CorruptFileException("not a spool file written by this sink: " + e.getMessage());
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new CorruptFileException("not a spool file written by this sink");
        }
        byte[] content = Files.readAllBytes(file);
        List<BatchQueue.Entry> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                byte[] json = Arrays.copyOfRange(content, start, i);
                entries.add(new BatchQueue.Entry(uuidOf(json), json));
                start = i + 1;
            }
        }
        if (start != content.length || entries.isEmpty()) {
            throw new CorruptFileException("truncated or empty");
        }
        return entries;
    }

    // Checks that the line is one JSON object with a "uuid" string, and returns that uuid.
    private static String uuidOf(byte[] json) throws CorruptFileException {
        try (JsonParser parser = JSON.createParser(json)) {
            String uuid = null;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptFileException("a line is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("uuid".equals(field) && value == JsonToken.VALUE_STRING) {
                    uuid = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || uuid == null) {
                throw new CorruptFileException("a line is not a PostHog event");
            }
            return uuid;
        } catch (JsonProcessingException e) {
            throw new CorruptFileException("invalid JSON: " + e.getOriginalMessage());
        } catch (CorruptFileException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptFileException("unreadable JSON: " + e.getMessage());
        }
    }

    /** A spool file that can never be sent. */
    private static final class CorruptFileException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptFileException(String message) {
            super(message);
        }
    }
}
