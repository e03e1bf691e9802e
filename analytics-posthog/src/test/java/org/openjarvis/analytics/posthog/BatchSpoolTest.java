package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.AnalyticsEvent;

/** The disk spool on its own: order, bounds, corrupt files, I/O errors and permissions. */
class BatchSpoolTest {

    private final WireFormat format = new WireFormat("0.1.0", false);
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @TempDir
    Path root; // the configured spool.dir
    private Path directory; // the sink's own directory in it

    @BeforeEach
    void paths() {
        directory = root.resolve("posthog~test");
    }

    @Test
    void batchesComeBackInOrderAcrossInstancesAndLeaveWhenSent() {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> first = batch("a", "b");
        List<BatchQueue.Entry> second = batch("c");
        spool.write(first);
        spool.write(second);

        BatchSpool reopened = spool(100, 1 << 20); // as after a restart
        BatchSpool.Spooled oldest = reopened.oldest().orElseThrow();
        assertThat(texts(oldest.entries())).isEqualTo(texts(first));
        reopened.replace(oldest, List.of());

        assertThat(texts(reopened.oldest().orElseThrow().entries())).isEqualTo(texts(second));
        assertThat(reopened.counters()).containsEntry("spool_files", 1L);
        assertThat(spool.counters()).containsEntry("spooled", 3L);
        // The earlier run's events are counted as recovered once their file is read, not before.
        assertThat(reopened.recovered()).isEqualTo(3);
        assertThat(reopened.events()).isEqualTo(1);
    }

    @Test
    void anEarlierRunsEventsEnterTheAccountingOnlyWhenRead() {
        spool(100, 1 << 20).write(batch("a", "b"));
        BatchSpool reopened = spool(100, 1 << 20);
        reopened.write(batch("c"));

        assertThat(reopened.events()).as("the new batch only").isEqualTo(1);
        assertThat(reopened.recovered()).isZero();
        BatchSpool.Spooled oldest = reopened.oldest().orElseThrow();
        assertThat(reopened.recovered()).isEqualTo(2);
        assertThat(reopened.events()).isEqualTo(3);
        reopened.replace(oldest, oldest.entries().subList(1, 2));
        assertThat(reopened.events()).isEqualTo(2);
        assertThat(reopened.oldest().orElseThrow().entries()).hasSize(1);
        assertThat(reopened.recovered()).as("read again, counted once").isEqualTo(2);
    }

    @Test
    void aPartlySentBatchKeepsItsRestInItsPlace() {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> first = batch("a", "b", "c");
        spool.write(first);
        spool.write(batch("d"));

        spool.replace(spool.oldest().orElseThrow(), first.subList(2, 3));

        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(first.subList(2, 3)));
        assertThat(spool.counters()).containsEntry("spool_files", 2L);
    }

    @Test
    void aPartlySentBatchWhoseFileCannotBeRewrittenSendsOnlyItsRest() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> first = batch("a", "b", "c");
        spool.write(first);
        spool.write(batch("d"));
        BatchSpool.Spooled oldest = spool.oldest().orElseThrow();
        occupyWithADirectory(oldest.file()); // the rewrite's rename now fails

        spool.replace(oldest, first.subList(2, 3));

        assertThat(warnings).singleElement().asString().startsWith("Could not update the partly sent PostHog batch");
        assertThat(spool.events()).as("the rest and the second batch; not what was sent").isEqualTo(2);
        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(first.subList(2, 3)));
        spool.replace(spool.oldest().orElseThrow(), List.of()); // the rest sent: the stale file is let go
        assertThat(spool.events()).isEqualTo(1);
        assertThat(texts(spool.oldest().orElseThrow().entries())).doesNotContainAnyElementsOf(texts(first));
    }

    @Test
    void aSentBatchWhoseFileCannotBeDeletedIsNotSentAgain() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> second = batch("c");
        spool.write(batch("a", "b"));
        spool.write(second);
        BatchSpool.Spooled oldest = spool.oldest().orElseThrow();
        occupyWithADirectory(oldest.file()); // deleting it now fails

        spool.replace(oldest, List.of());

        assertThat(warnings).singleElement().asString().startsWith("Could not delete the sent PostHog batch");
        assertThat(spool.events()).isEqualTo(1);
        assertThat(spool.counters()).containsEntry("spool_files", 1L);
        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(second));
    }

    @Test
    void boundedByFilesAndByBytesWithTheRefusalsCounted() {
        BatchSpool byFiles = spool(2, 1 << 20);
        byFiles.write(batch("a"));
        byFiles.write(batch("b"));
        byFiles.write(batch("c", "d"));
        assertThat(byFiles.counters()).containsEntry("spool_files", 2L).containsEntry("dropped_spool_full", 2L);

        BatchSpool byBytes = new BatchSpool(root.resolve("small"), 100, 600, warnings::add);
        byBytes.write(batch("e", "f")); // about 2 x 190 bytes
        byBytes.write(batch("g", "h"));
        assertThat(byBytes.counters()).containsEntry("spool_files", 1L).containsEntry("dropped_spool_full", 2L);
        assertThat(byBytes.counters().get("spool_bytes")).isLessThanOrEqualTo(600L);
    }

    @Test
    void corruptFilesAreSetAsideWithALogLineAndNeverSent() throws IOException {
        createSpoolDirectory();
        Files.writeString(directory.resolve("0000000000000000001.jsonl"), "not json\n");
        Files.writeString(directory.resolve("0000000000000000002.jsonl"), "{\"uuid\":\"x\"}"); // truncated
        Files.writeString(directory.resolve("0000000000000000003.jsonl"), "{\"event\":\"no uuid\"}\n");
        Files.writeString(directory.resolve("0000000000000000004.jsonl"), "{\"uuid\":\"x\"} trailing\n");
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> good = batch("a");
        spool.write(good);

        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(good));
        assertThat(spool.counters()).containsEntry("spool_corrupt_files", 4L).containsEntry("spool_files", 1L)
                .containsEntry("dropped_spool_corrupt", 0L); // an earlier run's events, never counted
        assertThat(spool.recovered()).isZero();
        assertThat(warnings).hasSize(4).allMatch(w -> w.startsWith("Skipped the corrupt spooled PostHog batch"));
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".corrupt"))).hasSize(4);
        }
    }

    @Test
    void aFileOfOursFoundCorruptCountsItsEventsAsDropped() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a", "b"));
        try (Stream<Path> files = Files.list(directory)) {
            Files.writeString(files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow(), "{");
        }

        assertThat(spool.oldest()).isEmpty();
        assertThat(spool.dropped(spool.counters())).containsEntry("spool_corrupt", 2L);
        assertThat(spool.events()).isZero();
    }

    @Test
    void symbolicLinksInTheSpoolAreNeitherFollowedNorSent() throws IOException {
        Path victim = Files.writeString(Files.createDirectories(root.resolve("outside"))
                .resolve("victim.txt"), "keep me");
        createSpoolDirectory();
        Files.createSymbolicLink(directory.resolve("0000000000000000001.jsonl"), victim); // looks like a batch
        Files.createSymbolicLink(directory.resolve("0000000000000000002.jsonl.tmp"), victim); // the next temp name
        BatchSpool spool = spool(100, 1 << 20);

        spool.write(batch("a"));
        spool.write(batch("b"));

        assertThat(Files.readString(victim)).isEqualTo("keep me");
        assertThat(spool.counters()).containsEntry("spool_files", 2L).containsEntry("dropped_spool_error", 0L);
        assertThat(spool.discardAll()).isEqualTo(2);
        assertThat(Files.readString(victim)).isEqualTo("keep me");
    }

    @Test
    void aFileNameBeyondTheSequenceRangeIsIgnoredAndTheSpoolKeepsWorking() throws IOException {
        createSpoolDirectory();
        Files.writeString(directory.resolve("9999999999999999999.jsonl"), "{\"uuid\":\"x\"}\n"); // over 2^63-1
        Files.writeString(directory.resolve("9223372036854775807.jsonl"), "{\"uuid\":\"y\"}\n"); // nothing after it
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> batch = batch("a");

        spool.write(batch);

        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(batch));
        assertThat(warnings).hasSize(2).allMatch(w -> w.startsWith("Ignored ") && w.contains("not a sequence number"));
        assertThat(directory.resolve("9999999999999999999.jsonl")).exists();
    }

    @Test
    void anUnusableDirectoryIsCountedAndWipesNothing() throws IOException {
        Path notADirectory = Files.writeString(root.resolve("file"), "keep me");
        BatchSpool spool = new BatchSpool(notADirectory, 100, 1 << 20, warnings::add);

        spool.write(batch("a", "b"));

        assertThat(spool.oldest()).isEmpty();
        assertThat(spool.counters()).containsEntry("dropped_spool_error", 2L).containsEntry("spooled", 0L);
        assertThat(Files.readString(notADirectory)).isEqualTo("keep me");
        assertThat(warnings).first().asString().contains("cannot be used");
    }

    @Test
    void discardAllDeletesEverythingAndCountsTheEvents() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a", "b"));
        spool.write(batch("c"));

        assertThat(spool.discardAll()).isEqualTo(3);
        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.events()).isZero();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theDirectoryAndFilesAreOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path nested = directory.resolve("spool");
        BatchSpool spool = new BatchSpool(nested, 100, 1 << 20, warnings::add);

        spool.write(batch("a"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(nested)) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                assertThat(Files.readString(file, StandardCharsets.UTF_8)).endsWith("}\n");
            }
        }
    }

    @Test
    void aDirectoryThatOthersMayWriteIsRefusedLoggedOnceAndItsPlantedBatchIsNeverRead() throws IOException {
        createSpoolDirectory();
        Path planted = Files.writeString(directory.resolve("0000000000000000001.jsonl"), new String(
                batch("planted").get(0).json(), StandardCharsets.UTF_8) + "\n");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        BatchSpool spool = spool(100, 1 << 20);

        spool.write(batch("a", "b"));
        spool.write(batch("c"));

        assertThat(spool.checkOut()).isEmpty();
        assertThat(spool.discardAll()).isZero();
        assertThat(planted).exists(); // not ours to delete
        assertThat(spool.counters()).containsEntry("dropped_spool_unsafe", 3L).containsEntry("spooled", 0L)
                .containsEntry("spool_files", 0L);
        assertThat(warnings).singleElement().asString().startsWith("The PostHog spool directory is refused")
                .contains(directory.toString()).contains("rwxrwxrwx");

        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------")); // fixed
        spool.write(batch("d"));
        assertThat(spool.counters()).containsEntry("spooled", 1L).containsEntry("spool_files", 2L);
    }

    @Test
    void aSpoolDirThatOthersMayWriteIsRefusedBeforeAnythingIsCreatedInIt() throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwx-wx"));
        BatchSpool spool = spool(100, 1 << 20);

        spool.write(batch("a"));

        assertThat(directory).doesNotExist();
        assertThat(spool.counters()).containsEntry("dropped_spool_unsafe", 1L);
        assertThat(warnings).singleElement().asString().contains(root.toString()).contains("chmod go-w");
    }

    @Test
    void aLinkToADirectoryThatOthersMayWriteIsRefusedLikeTheDirectory() throws IOException {
        Path shared = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createSymbolicLink(directory, shared);
        BatchSpool spool = spool(100, 1 << 20);

        spool.write(batch("a"));

        assertThat(spool.counters()).containsEntry("dropped_spool_unsafe", 1L);
        try (Stream<Path> files = Files.list(shared)) {
            assertThat(files).isEmpty();
        }
    }

    // Needs a second user to give the directory to: root can (CI runs as root), others cannot chown.
    @Test
    void aDirectoryOwnedBySomeoneElseIsRefused() throws IOException {
        createSpoolDirectory();
        UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.setOwner(directory, nobody);
        } catch (IOException e) {
            assumeTrue(false, "cannot give files to another user here: " + e);
        }
        BatchSpool spool = spool(100, 1 << 20);

        spool.write(batch("a"));

        assertThat(spool.counters()).containsEntry("dropped_spool_unsafe", 1L);
        assertThat(warnings).singleElement().asString().contains("owned by nobody");
    }

    @Test
    void aBatchFileThatOthersMayWriteIsSetAsideNotSent() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a"));
        try (Stream<Path> files = Files.list(directory)) {
            Files.setPosixFilePermissions(files.findFirst().orElseThrow(), PosixFilePermissions.fromString(
                    "rw-rw-rw-"));
        }

        assertThat(spool.checkOut()).isEmpty();
        assertThat(spool.counters()).containsEntry("spool_corrupt_files", 1L).containsEntry("dropped_spool_corrupt",
                1L);
        assertThat(warnings).singleElement().asString().contains("may be changed by other users");
    }

    @Test
    void aCheckedOutBatchLeavesTheCountUntilItIsReplacedOrReleasedAndADiscardLeavesItToItsHolder() {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a", "b"));
        spool.write(batch("c"));

        BatchSpool.Spooled first = spool.checkOut().orElseThrow();
        assertThat(spool.events()).isEqualTo(1);
        assertThat(spool.checkOut()).as("one at a time").isEmpty();
        spool.release(first);
        assertThat(spool.events()).isEqualTo(3);

        first = spool.checkOut().orElseThrow();
        spool.replace(first, first.entries().subList(1, 2));
        assertThat(spool.events()).isEqualTo(2);

        spool.checkOut().orElseThrow();
        assertThat(spool.discardAll()).as("the checked-out batch's one event is its holder's to count").isEqualTo(1);
        assertThat(spool.events()).isZero();
    }

    @Test
    void setAsideEventsGoToTheRejectedFileAndAreCounted() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> batch = batch("a", "b", "c");
        spool.write(batch);
        BatchSpool.Spooled spooled = spool.checkOut().orElseThrow();

        spool.setAside(spooled, batch.subList(0, 1));
        spool.setAside(spooled, batch.subList(2, 3));
        spool.replace(spooled, batch.subList(1, 2));

        Path rejected = spooled.file().resolveSibling(spooled.file().getFileName() + ".rejected");
        assertThat(Files.readString(rejected)).isEqualTo(lines(batch.get(0)) + lines(batch.get(2)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rejected))).isEqualTo("rw-------");
        assertThat(spool.dropped(spool.counters())).containsEntry("spool_rejected", 2L);
        assertThat(spool.events()).isEqualTo(1);
        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(batch.subList(1, 2)));
    }

    @Test
    void aSequenceIsNeverUsedTwiceInARunSoAStaleBatchCannotOverwriteANewOne() {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a"));
        BatchSpool.Spooled stale = spool.checkOut().orElseThrow();
        spool.discardAll();

        List<BatchQueue.Entry> fresh = batch("b");
        spool.write(fresh);
        spool.replace(stale, List.of()); // too late: its file is gone

        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(fresh));
        assertThat(spool.oldest().orElseThrow().file()).isNotEqualTo(stale.file());
    }

    @Test
    void anEmptyBatchWritesNothing() {
        BatchSpool spool = spool(100, 1 << 20);

        spool.write(List.of());

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.counters()).containsEntry("spooled", 0L).containsEntry("spool_files", 0L)
                .containsEntry("spool_bytes", 0L);
        assertThat(spool.oldest()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aBatchThatFillsTheSpoolToItsByteBoundIsKept() {
        List<BatchQueue.Entry> batch = batch("a", "b");
        long size = batch.stream().mapToLong(entry -> entry.json().length + 1).sum(); // one line per event
        BatchSpool spool = spool(100, size);

        spool.write(batch);

        assertThat(spool.counters()).containsEntry("spooled", 2L).containsEntry("spool_bytes", size)
                .containsEntry("dropped_spool_full", 0L);
    }

    @Test
    void aBatchThatCannotBeWrittenIsCountedAndLoggedAndTheNextOneIsKept() throws IOException {
        // A directory that is not empty where the first batch goes: the rename onto it fails.
        createSpoolDirectory();
        Files.createDirectories(directory.resolve("0000000000000000001.jsonl").resolve("keep"));
        BatchSpool spool = spool(100, 1 << 20);

        spool.write(batch("a", "b"));
        List<BatchQueue.Entry> next = batch("c");
        spool.write(next);

        assertThat(spool.counters()).containsEntry("dropped_spool_error", 2L).containsEntry("spooled", 1L)
                .containsEntry("spool_files", 1L);
        assertThat(warnings).singleElement().asString().startsWith("Could not spool 2 PostHog events to "
                + directory);
        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(next));
    }

    @Test
    void eventsThatCannotBeSetAsideAreStillCountedAndLogged() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> batch = batch("a", "b");
        spool.write(batch);
        BatchSpool.Spooled spooled = spool.checkOut().orElseThrow();
        Files.createDirectories(spooled.file().resolveSibling(spooled.file().getFileName() + ".rejected")
                .resolve("keep"));

        spool.setAside(spooled, batch.subList(0, 1));

        assertThat(spool.dropped(spool.counters())).containsEntry("spool_rejected", 1L);
        assertThat(warnings).singleElement().asString().startsWith("Set aside 1 spooled PostHog events")
                .contains("could not be kept in " + spooled.file().getFileName() + ".rejected");
    }

    @Test
    void aBatchRemovedByHandIsCountedAsLostAndTheNextOneIsSent() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a", "b"));
        List<BatchQueue.Entry> second = batch("c");
        spool.write(second);
        Files.delete(spool.oldest().orElseThrow().file());

        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(second));
        assertThat(spool.dropped(spool.counters())).containsEntry("spool_error", 2L);
        assertThat(spool.events()).isEqualTo(1);
        assertThat(spool.counters()).containsEntry("spool_files", 1L);
    }

    @Test
    void aBatchThatCannotBeReadNowStaysForALaterAttempt() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> batch = batch("a", "b");
        spool.write(batch);
        Path file = spool.oldest().orElseThrow().file();
        occupyWithADirectory(file); // reading it now fails, for a reason that may pass
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------")); // not refused as unsafe

        assertThat(spool.oldest()).isEmpty();
        assertThat(warnings).singleElement().asString().startsWith("Could not read the spooled PostHog batch " + file)
                .contains("will try again later");
        assertThat(spool.events()).isEqualTo(2);
        assertThat(spool.counters()).containsEntry("spool_files", 1L).containsEntry("spool_corrupt_files", 0L);

        Files.delete(file.resolve("keep"));
        Files.delete(file);
        writeOwnerOnly(file, lines(batch.get(0)) + lines(batch.get(1)));
        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(batch));
    }

    @Test
    void aBatchDiscardedWhileCheckedOutIsNotWrittenBackByItsHolder() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        List<BatchQueue.Entry> batch = batch("a", "b");
        spool.write(batch);
        BatchSpool.Spooled stale = spool.checkOut().orElseThrow();
        spool.discardAll();

        spool.replace(stale, batch.subList(1, 2)); // the holder sent one of its events meanwhile

        assertThat(stale.file()).doesNotExist();
        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.events()).isZero();
        assertThat(spool.oldest()).isEmpty();
    }

    @Test
    void aBatchOfWhichNothingWasSentIsLeftAsItIs() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a", "b"));
        BatchSpool.Spooled spooled = spool.checkOut().orElseThrow();
        Object before = Files.readAttributes(spooled.file(), BasicFileAttributes.class).fileKey();

        spool.replace(spooled, spooled.entries());

        assertThat(Files.readAttributes(spooled.file(), BasicFileAttributes.class).fileKey())
                .as("the same file, not a copy written over it").isEqualTo(before);
        assertThat(spool.events()).isEqualTo(2);
    }

    @Test
    void aBatchSentInFullLeavesTheSpoolWithItsFileAndItsBytes() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a", "b"));
        spool.write(batch("c"));
        BatchSpool.Spooled first = spool.checkOut().orElseThrow();

        spool.replace(first, List.of());

        assertThat(first.file()).doesNotExist();
        Path second = spool.oldest().orElseThrow().file();
        assertThat(spool.counters()).containsEntry("spool_files", 1L).containsEntry("spool_events", 1L)
                .containsEntry("spool_bytes", Files.size(second));
    }

    @Test
    void aDiscardDeletesWhatTheSpoolKeptAndNothingElse() throws IOException {
        createSpoolDirectory();
        Path notes = Files.writeString(directory.resolve("notes.txt"), "someone else's");
        Path leftByACrash = Files.writeString(directory.resolve("0000000000000000007.jsonl.tmp"), "{");
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a"));

        assertThat(spool.discardAll()).isEqualTo(1);

        assertThat(notes).exists();
        assertThat(leftByACrash).doesNotExist();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(notes);
        }
    }

    @Test
    void aDiscardWhoseDirectoryWasRemovedByHandSaysItCouldNotLookForWhatWasSetAside() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a"));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);

        assertThat(spool.discardAll()).isEqualTo(1);

        assertThat(warnings).singleElement().asString().startsWith("Could not list the PostHog spool directory "
                + directory);
    }

    @Test
    void aBatchThatCannotBeDeletedOnADiscardIsLogged() throws IOException {
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("a"));
        Path file = spool.oldest().orElseThrow().file();
        occupyWithADirectory(file);

        assertThat(spool.discardAll()).isEqualTo(1);

        assertThat(warnings).singleElement().asString().startsWith("Could not delete the spooled PostHog batch "
                + file);
        assertThat(spool.events()).isZero();
    }

    @Test
    void aFileNumberedZeroIsABatchLikeAnyOtherAndComesFirst() throws IOException {
        createSpoolDirectory();
        List<BatchQueue.Entry> earlier = batch("a");
        writeOwnerOnly(directory.resolve("0000000000000000000.jsonl"), lines(earlier.get(0)));
        BatchSpool spool = spool(100, 1 << 20);
        spool.write(batch("b"));

        assertThat(texts(spool.oldest().orElseThrow().entries())).isEqualTo(texts(earlier));
        assertThat(warnings).isEmpty();
        assertThat(spool.counters()).containsEntry("spool_files", 2L);
    }

    @Test
    void aCorruptFileThatCannotBeMovedAsideIsStillSkippedAndLogged() throws IOException {
        createSpoolDirectory();
        Path corrupt = writeOwnerOnly(directory.resolve("0000000000000000001.jsonl"), "not json\n");
        Files.createDirectories(directory.resolve("0000000000000000001.jsonl.corrupt").resolve("keep"));
        BatchSpool spool = spool(100, 1 << 20);

        assertThat(spool.oldest()).isEmpty();

        assertThat(warnings).singleElement().asString().startsWith("Skipped the corrupt spooled PostHog batch "
                + corrupt).doesNotContain("kept as");
        assertThat(spool.counters()).containsEntry("spool_corrupt_files", 1L).containsEntry("spool_files", 0L);
    }

    @Test
    void aFileFarLargerThanAnyBatchIsSetAsideUnread() throws IOException {
        createSpoolDirectory();
        String line = lines(batch("a").get(0));
        StringBuilder content = new StringBuilder();
        while (content.length() <= 2 * PostHogSettings.MAX_BATCH_BYTES) { // twice the largest batch it writes
            content.append(line);
        }
        Path huge = writeOwnerOnly(directory.resolve("0000000000000000001.jsonl"), content.toString());
        BatchSpool spool = spool(100, 1 << 20);

        assertThat(spool.oldest()).isEmpty();

        assertThat(spool.counters()).containsEntry("spool_corrupt_files", 1L).containsEntry("spool_files", 0L);
        assertThat(warnings).singleElement().asString().startsWith("Skipped the corrupt spooled PostHog batch "
                + huge).contains("not a spool file written by this sink");
        assertThat(huge.resolveSibling(huge.getFileName() + ".corrupt")).exists();
    }

    @Test
    void aFileEmptyOrEndingInAPartLineOrHoldingALineThatIsNotAnObjectIsCorrupt() throws IOException {
        createSpoolDirectory();
        String complete = lines(batch("a").get(0));
        writeOwnerOnly(directory.resolve("0000000000000000001.jsonl"), "");
        writeOwnerOnly(directory.resolve("0000000000000000002.jsonl"), complete + "{\"uuid\":\"y\"");
        writeOwnerOnly(directory.resolve("0000000000000000003.jsonl"), complete + "[1]\n");
        BatchSpool spool = spool(100, 1 << 20);

        assertThat(spool.oldest()).isEmpty();

        assertThat(spool.counters()).containsEntry("spool_corrupt_files", 3L);
        assertThat(warnings).hasSize(3).allMatch(w -> w.startsWith("Skipped the corrupt spooled PostHog batch"));
        assertThat(warnings.get(0)).contains("0000000000000000001.jsonl").contains("truncated or empty");
        assertThat(warnings.get(1)).contains("0000000000000000002.jsonl").contains("truncated or empty");
        assertThat(warnings.get(2)).contains("0000000000000000003.jsonl").contains("not a JSON object");
    }

    // The sink's directory as the spool itself creates it: owner-only, whatever the umask.
    private void createSpoolDirectory() throws IOException {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwx------")));
    }

    // A file as the spool writes it: owner-only, so that only its content decides whether it is read.
    private static Path writeOwnerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    // Works where permissions do not (as root): renaming a file over, or deleting, a non-empty directory fails.
    private static void occupyWithADirectory(Path file) throws IOException {
        Files.delete(file);
        Files.writeString(Files.createDirectory(file).resolve("keep"), "x");
    }

    private static String lines(BatchQueue.Entry entry) {
        return new String(entry.json(), StandardCharsets.UTF_8) + "\n";
    }

    // Entries hold byte arrays, which records compare by identity.
    static List<String> texts(List<BatchQueue.Entry> entries) {
        return entries.stream().map(e -> new String(e.json(), StandardCharsets.UTF_8)).toList();
    }

    private BatchSpool spool(int maxFiles, long maxBytes) {
        return new BatchSpool(directory, maxFiles, maxBytes, warnings::add);
    }

    private List<BatchQueue.Entry> batch(String... names) {
        List<BatchQueue.Entry> batch = new ArrayList<>();
        for (String name : names) {
            AnalyticsEvent event = AnalyticsEvent.of(UUID.randomUUID(), "feature_used", "anon", Instant.EPOCH,
                    Map.of("feature_name", name));
            batch.add(new BatchQueue.Entry(format.event(event)));
        }
        return batch;
    }
}
