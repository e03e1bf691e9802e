package org.openjarvis.analytics.posthog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the spool holds, without touching the disk: each file by sequence number with its size and, once known, its
 * event count (files left by an earlier run are counted when first read), the totals of both, the file checked out
 * for resending, whose events the sink holds meanwhile, and the remainder kept in memory for a partly sent file that
 * could not be rewritten. Not thread-safe: {@link BatchSpool} guards it.
 */
final class SpoolIndex {

    /** A file's size, and its event count once known. */
    private record SpoolFile(long bytes, int events) {
        static final int UNKNOWN = -1;

        boolean counted() {
            return events != UNKNOWN;
        }
    }

    private final TreeMap<Long, SpoolFile> files = new TreeMap<>();
    private final Map<Long, List<BatchQueue.Entry>> unsaved = new HashMap<>();
    private long lastSequence; // never used again in this run, even once its file is gone
    private long bytes; // of every indexed file
    private long events; // of every counted file
    private Long checkedOut; // the sequence of the file being resent, or null

    /** The sequence number for a new file: after every file indexed, and after every number given before. */
    long nextSequence() {
        lastSequence = Math.max(lastSequence, files.isEmpty() ? 0 : files.lastKey()) + 1;
        return lastSequence;
    }

    /** Indexes a file whose events are known. */
    void add(long sequence, long fileBytes, int fileEvents) {
        index(sequence, new SpoolFile(fileBytes, fileEvents));
    }

    /** Indexes a file found on disk, whose events are counted when it is first read. */
    void addUncounted(long sequence, long fileBytes) {
        index(sequence, new SpoolFile(fileBytes, SpoolFile.UNKNOWN));
    }

    /**
     * Records the events of a file read for the first time; returns how many that adds (the file's events, or 0 if
     * it was counted already), which the spool counts as recovered.
     */
    int count(long sequence, int found) {
        SpoolFile file = files.get(sequence);
        if (file.counted()) {
            return 0;
        }
        forget(sequence);
        index(sequence, new SpoolFile(file.bytes(), found));
        return found;
    }

    /** Marks the file as being resent: its events leave {@link #events()}. */
    void checkOut(long sequence) {
        checkedOut = sequence;
    }

    /** Ends the resending of the file, if it was the one checked out. */
    void checkIn(long sequence) {
        if (Long.valueOf(sequence).equals(checkedOut)) {
            checkedOut = null;
        }
    }

    /** Ends any resending (the sink withdrew it); returns the file that was being resent, or null. */
    Long endCheckOut() {
        Long ended = checkedOut;
        checkedOut = null;
        return ended;
    }

    /** The file being resent, or null. */
    Long checkedOut() {
        return checkedOut;
    }

    /**
     * Removes a file (and any remainder kept for it) and its share of the totals; returns its counted events, 0 if it
     * was never counted or not indexed.
     */
    long forget(long sequence) {
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

    /**
     * Keeps what is left of a partly sent file that could not be rewritten, in its place: the file keeps its size,
     * and counts only the events left.
     */
    void keepUnsaved(long sequence, List<BatchQueue.Entry> remaining) {
        long staleBytes = files.get(sequence).bytes();
        forget(sequence);
        add(sequence, staleBytes, remaining.size());
        unsaved.put(sequence, List.copyOf(remaining));
    }

    /** The remainder kept for a file, which is sent instead of it. */
    Optional<List<BatchQueue.Entry>> unsaved(long sequence) {
        return Optional.ofNullable(unsaved.get(sequence));
    }

    boolean contains(long sequence) {
        return files.containsKey(sequence);
    }

    boolean counted(long sequence) {
        return files.get(sequence).counted();
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    long oldest() {
        return files.firstKey();
    }

    int files() {
        return files.size();
    }

    long bytes() {
        return bytes;
    }

    /** The counted events of every file except the one checked out. */
    long events() {
        SpoolFile out = checkedOut == null ? null : files.get(checkedOut);
        return events - (out != null && out.counted() ? out.events() : 0);
    }

    // Adds a file, and its size and counted events to the totals: the one place they grow.
    private void index(long sequence, SpoolFile file) {
        files.put(sequence, file);
        bytes += file.bytes();
        events += file.counted() ? file.events() : 0;
    }
}
