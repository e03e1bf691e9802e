package org.openjarvis.analytics.posthog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.openjarvis.analytics.common.files.PrivateFiles;
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
 *
 * <p>What is where: {@link SpoolFiles} the directory, {@link SpoolLine} a file's content, {@link SpoolIndex} what the
 * files hold; this class keeps them in step and counts every event.
 */
final class BatchSpool {

    /** A spooled file and its events. */
    record Spooled(Path file, List<BatchQueue.Entry> entries) {
    }

    private final SpoolFiles disk; // guarded by this
    private final int maxFiles;
    private final long maxBytes;
    private final Consumer<String> warnings;
    private final SpoolIndex index = new SpoolIndex(); // guarded by this
    private final Counters<SpoolCounter> counts = new Counters<>(SpoolCounter.class);
    private boolean scanned; // guarded by this

    BatchSpool(Path directory, int maxFiles, long maxBytes, Consumer<String> warnings) {
        this.disk = new SpoolFiles(directory, warnings);
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.warnings = warnings;
    }

    /** Keeps the batch for later; if the spool is full or the write fails, its events are counted as dropped. */
    synchronized void write(List<BatchQueue.Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        byte[] content = SpoolLine.lines(batch);
        if (!scan()) {
            counts.add(disk.refused() ? SpoolCounter.DROPPED_SPOOL_UNSAFE : SpoolCounter.DROPPED_SPOOL_ERROR,
                    batch.size());
            return;
        }
        if (index.files() >= maxFiles || index.bytes() + content.length > maxBytes) {
            counts.add(SpoolCounter.DROPPED_SPOOL_FULL, batch.size());
            return;
        }
        long sequence = index.nextSequence();
        try {
            PrivateFiles.writeAtomically(disk.file(sequence), content);
        } catch (IOException e) {
            counts.add(SpoolCounter.DROPPED_SPOOL_ERROR, batch.size());
            warnings.accept("Could not spool " + batch.size() + " PostHog events to " + disk.directory() + ": " + e);
            return;
        }
        index.add(sequence, content.length, batch.size());
        counts.add(SpoolCounter.SPOOLED, batch.size());
    }

    /**
     * The oldest spooled batch that can be read, for resending: its events leave {@link #events()} until it is
     * {@linkplain #replace replaced} or {@linkplain #release released}. Empty if there is none, or one is checked out.
     */
    synchronized Optional<Spooled> checkOut() {
        if (index.checkedOut() != null) {
            return Optional.empty();
        }
        Optional<Spooled> oldest = oldest();
        oldest.ifPresent(batch -> index.checkOut(SpoolFiles.sequence(batch.file())));
        return oldest;
    }

    /** Puts a checked-out batch back as it is: nothing of it was sent. */
    synchronized void release(Spooled batch) {
        index.checkIn(SpoolFiles.sequence(batch.file()));
    }

    /**
     * Moves events of a batch that may not be sent to {@code <file>.rejected}, counted as {@code spool_rejected},
     * with a log line. They stay in the batch's file until it is {@linkplain #replace replaced} without them.
     */
    synchronized void setAside(Spooled batch, List<BatchQueue.Entry> rejected) {
        counts.add(SpoolCounter.DROPPED_SPOOL_REJECTED, rejected.size());
        disk.setAside(batch.file(), rejected);
    }

    /**
     * The oldest spooled batch that can be read, or empty. Corrupt files met on the way are set aside; an I/O error
     * leaves the file for a later attempt and returns empty.
     */
    synchronized Optional<Spooled> oldest() {
        while (scan() && !index.isEmpty()) {
            long sequence = index.oldest();
            Path file = disk.file(sequence);
            try {
                Optional<List<BatchQueue.Entry>> kept = index.unsaved(sequence);
                List<BatchQueue.Entry> entries = kept.isPresent() ? kept.get() : SpoolFiles.read(file);
                counts.add(SpoolCounter.RECOVERED, index.count(sequence, entries.size()));
                return Optional.of(new Spooled(file, entries));
            } catch (NoSuchFileException e) {
                counts.add(SpoolCounter.DROPPED_SPOOL_ERROR, index.forget(sequence)); // removed by hand
            } catch (CorruptSpoolFileException e) {
                counts.increment(SpoolCounter.SPOOL_CORRUPT_FILES);
                // Events of ours lost; an earlier run's were never counted.
                counts.add(SpoolCounter.DROPPED_SPOOL_CORRUPT, index.forget(sequence));
                disk.setAsideCorrupt(file, e.getMessage());
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
        long sequence = SpoolFiles.sequence(spooled.file());
        index.checkIn(sequence);
        if (!index.contains(sequence) || remaining.size() == spooled.entries().size()) {
            return; // discarded meanwhile, or nothing sent: the file stays as it is
        }
        try {
            if (remaining.isEmpty()) {
                Files.deleteIfExists(spooled.file());
                index.forget(sequence);
            } else {
                byte[] content = SpoolLine.lines(remaining);
                PrivateFiles.writeAtomically(spooled.file(), content);
                index.forget(sequence);
                index.add(sequence, content.length, remaining.size());
            }
        } catch (IOException e) {
            if (remaining.isEmpty()) {
                index.forget(sequence);
                warnings.accept("Could not delete the sent PostHog batch " + spooled.file()
                        + "; this run does not send it again (a restart would, with the same uuids): " + e);
            } else {
                index.keepUnsaved(sequence, remaining);
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
        Long held = index.endCheckOut();
        while (scan() && !index.isEmpty()) {
            long sequence = index.oldest();
            Path file = disk.file(sequence);
            if (!index.counted(sequence)) {
                try {
                    counts.add(SpoolCounter.RECOVERED, index.count(sequence, SpoolFiles.read(file).size()));
                } catch (IOException e) {
                    // Unreadable or corrupt, and never counted: deleted all the same, as consent no longer allows
                    // keeping it.
                }
            }
            disk.delete(file);
            long counted = index.forget(sequence);
            discarded += Long.valueOf(sequence).equals(held) ? 0 : counted;
        }
        if (scanned) {
            disk.deleteLeftOvers();
        }
        return discarded;
    }

    synchronized boolean isEmpty() {
        return !scan() || index.isEmpty();
    }

    /** Counters and gauges, in display order. */
    synchronized Map<String, Long> counters() {
        Map<String, Long> counters = counts.snapshot();
        counters.put("spool_events", events());
        counters.put("spool_files", (long) index.files());
        counters.put("spool_bytes", index.bytes());
        return counters;
    }

    /**
     * Events in spool files whose count is known (those written by this run, and those of earlier runs once read),
     * except the file checked out. Events of an earlier run become {@link #recovered()} when their file is first
     * read.
     */
    synchronized long events() {
        return index.events();
    }

    /** Events of earlier runs found in the spool so far. */
    long recovered() {
        return counts.get(SpoolCounter.RECOVERED);
    }

    /**
     * Events lost in the spool, by reason (refused when full, I/O errors, a refused directory, corrupt files, events
     * set aside), as {@code counters}, taken by {@link #counters()}, shows them: a status then gives the same numbers
     * in its counters and in its accounting.
     */
    Map<String, Long> dropped(Map<String, Long> counters) {
        return counts.dropped(counters);
    }

    // Lists the directory once; false (retried on the next call) if it cannot be used. The index is empty until a
    // scan succeeds.
    private boolean scan() {
        if (!scanned) {
            Optional<Map<Long, Long>> found = disk.list();
            found.ifPresent(sizes -> sizes.forEach(index::addUncounted));
            scanned = found.isPresent();
        }
        return scanned;
    }
}
