package org.openjarvis.analytics.impl.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.openjarvis.analytics.impl.file.TestEvents.numbered;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.api.SinkStatus;
import org.openjarvis.analytics.api.SinkStatus.Health;

import com.fasterxml.jackson.databind.ObjectMapper;

class FileSinkTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> changes = new CopyOnWriteArrayList<>();

    private FileSink sink(Path path) {
        return new FileSink(path, 10L * 1024 * 1024, 5, (health, detail) -> changes.add(health + " " + detail));
    }

    @Test
    void writesOneParsableLinePerEventAndCountsThem() throws IOException {
        Path path = dir.resolve("analytics/events.jsonl");
        FileSink sink = sink(path);

        sink.deliver(numbered(1));
        sink.deliver(numbered(2));
        sink.deliver(numbered(3));

        List<String> lines = Files.readAllLines(path);
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(MAPPER.readTree(lines.get(i)).get("properties").get("n").intValue()).isEqualTo(i + 1);
        }
        SinkStatus status = sink.status();
        assertThat(status.health()).isEqualTo(Health.OK);
        assertThat(status.detail()).isEqualTo(path.toString());
        assertThat(status.counters()).containsExactly(entry("received", 3), entry("written", 3),
                entry("dropped_write_error", 0), entry("dropped_closed", 0), entry("rotations", 0));
        assertAccounting(sink, 3, 3, 0);
        assertThat(changes).isEmpty();
        sink.close();
    }

    @Test
    void nothingIsCreatedBeforeTheFirstEvent() {
        Path path = dir.resolve("analytics/events.jsonl");
        FileSink sink = sink(path);

        assertThat(sink.flush(Duration.ofSeconds(1))).isTrue();
        sink.close();

        assertThat(dir.resolve("analytics")).doesNotExist();
    }

    @Test
    void anUnwritablePathFailsQuietlyReportsOnceAndRecovers() throws IOException {
        Path blocker = Files.writeString(dir.resolve("analytics"), "a file where the directory should be");
        Path path = dir.resolve("analytics/events.jsonl");
        FileSink sink = sink(path);

        assertThatCode(() -> {
            sink.deliver(numbered(1));
            sink.deliver(numbered(2));
            sink.deliver(numbered(3));
        }).doesNotThrowAnyException();

        SinkStatus failing = sink.status();
        assertThat(failing.health()).isEqualTo(Health.FAILING);
        assertThat(failing.detail()).startsWith("cannot write " + path + ": ").contains("Exception");
        assertThat(failing.counters()).containsExactly(entry("received", 3), entry("written", 0),
                entry("dropped_write_error", 3), entry("dropped_closed", 0), entry("rotations", 0));
        assertAccounting(sink, 3, 0, 3);
        assertThat(changes).containsExactly("FAILING " + failing.detail());

        Files.delete(blocker); // the directory can be created now
        sink.deliver(numbered(4));
        sink.deliver(numbered(5));

        SinkStatus recovered = sink.status();
        assertThat(recovered.health()).isEqualTo(Health.OK);
        assertThat(recovered.detail()).isEqualTo(path.toString());
        assertThat(recovered.counters()).containsExactly(entry("received", 5), entry("written", 2),
                entry("dropped_write_error", 3), entry("dropped_closed", 0), entry("rotations", 0));
        assertAccounting(sink, 5, 2, 3);
        assertThat(changes).containsExactly("FAILING " + failing.detail(), "OK " + path);
        assertThat(Files.readAllLines(path)).hasSize(2);
        sink.close();
    }

    @Test
    void aDirectoryAnotherUserCouldChangeIsRefusedAndTheSinkRecoversOnceItIsPrivate() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("analytics"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path path = shared.resolve("events.jsonl");
        FileSink sink = sink(path);

        sink.deliver(numbered(1));
        sink.deliver(numbered(2));

        assertThat(sink.status().health()).isEqualTo(Health.FAILING);
        assertThat(sink.status().detail()).contains(path.toString(), "may be changed by other users");
        assertThat(sink.status().counters()).containsEntry("dropped_write_error", 2L);
        assertThat(changes).hasSize(1).allMatch(change -> change.startsWith("FAILING "));
        assertThat(path).doesNotExist();

        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------"));
        sink.deliver(numbered(3));

        assertThat(sink.status().health()).isEqualTo(Health.OK);
        assertThat(changes).hasSize(2).last().isEqualTo("OK " + path);
        assertThat(Files.readAllLines(path)).hasSize(1);
        sink.close();
    }

    @Test
    void aLogThatOthersMayWriteOrThatAnotherUserOwnsIsNeverAppendedTo() throws IOException {
        Path path = Files.writeString(dir.resolve("events.jsonl"), "");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        FileSink sink = sink(path);

        sink.deliver(numbered(1));
        assertThat(sink.status().detail()).contains("may be changed by other users");

        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.setOwner(path, nobody); // root can: CI runs as root
        } catch (IOException e) {
            Assumptions.abort("cannot give a file to another user here: " + e);
        }
        sink.deliver(numbered(2));
        assertThat(sink.status().detail()).contains("is owned by nobody");
        assertThat(path).isEmptyFile();
        assertThat(sink.status().counters()).containsEntry("dropped_write_error", 2L);
        sink.close();
    }

    @Test
    void countsRotations() throws IOException {
        Path path = dir.resolve("events.jsonl");
        FileSink sink = new FileSink(path, 1024, 2, (health, detail) -> changes.add(health + " " + detail));
        int lineLength = EventJson.toLine(numbered(10)).length;

        for (int i = 10; i < 10 + 3 * (1024 / lineLength) + 1; i++) {
            sink.deliver(numbered(i));
        }

        assertThat(sink.status().counters().get("rotations")).isEqualTo(3L);
        assertThat(Files.exists(dir.resolve("events.jsonl.2"))).isTrue();
        assertThat(Files.exists(dir.resolve("events.jsonl.3"))).isFalse();
        sink.close();
    }

    @Test
    void aThrowingListenerDoesNotMakeTheSinkThrow() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        FileSink sink = new FileSink(blocker.resolve("events.jsonl"), 1024, 1, (health, detail) -> {
            throw new IllegalStateException("listener broke");
        });

        assertThatCode(() -> sink.deliver(numbered(1))).doesNotThrowAnyException();
        assertThat(sink.status().health()).isEqualTo(Health.FAILING);
    }

    @Test
    void aSymlinkAtTheLogPathIsNotFollowed() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me\n");
        Path path = Files.createSymbolicLink(dir.resolve("events.jsonl"), victim);
        FileSink sink = sink(path);

        sink.deliver(numbered(1));

        assertThat(Files.readString(victim)).isEqualTo("keep me\n");
        assertThat(sink.status().health()).isEqualTo(Health.FAILING);
        assertAccounting(sink, 1, 0, 1);
        sink.close();
    }

    @Test
    void afterCloseEventsAreCountedButNotWritten() throws IOException {
        Path path = dir.resolve("events.jsonl");
        FileSink sink = sink(path);
        sink.deliver(numbered(1));

        sink.close();
        sink.deliver(numbered(2));

        assertThat(Files.readAllLines(path)).hasSize(1);
        assertThat(sink.status().counters()).containsEntry("written", 1L).containsEntry("dropped_closed", 1L);
        assertAccounting(sink, 2, 1, 1);
    }

    @Test
    void flushSucceedsAndNothingIsEverPending() {
        FileSink sink = sink(dir.resolve("events.jsonl"));
        sink.deliver(numbered(1));

        assertThat(sink.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(sink.discardPending()).isZero();
        assertThat(sink.flush(Duration.ZERO)).isTrue();
        sink.close();
        assertThat(sink.flush(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void oddArgumentsNeverMakeItThrow() throws IOException {
        Path path = dir.resolve("events.jsonl");
        FileSink sink = sink(path);

        assertThatCode(() -> {
            assertThat(sink.flush(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
            assertThat(sink.flush(Duration.ofSeconds(-1))).isTrue();
            assertThat(sink.flush(null)).isTrue();
            sink.deliver(null);
        }).doesNotThrowAnyException();

        assertThat(sink.status().counters()).containsEntry("dropped_write_error", 1L);
        assertThat(sink.status().detail()).startsWith("cannot serialise an event for " + path);
        sink.deliver(numbered(1));
        assertThat(sink.status().health()).isEqualTo(Health.OK);
        assertThat(Files.readAllLines(path)).hasSize(1);
        sink.close();
    }

    @Test
    void concurrentCallersNeverInterleaveLines() throws Exception {
        Path path = dir.resolve("events.jsonl");
        FileSink sink = new FileSink(path, 4096, 100, (health, detail) -> changes.add(health + " " + detail));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        sink.deliver(numbered(base + i));
                        if (i % 50 == 0) {
                            sink.flush(Duration.ofSeconds(10));
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        sink.close();

        Set<Integer> seen = new HashSet<>();
        List<Path> files = new ArrayList<>(List.of(path));
        for (int i = 1; Files.exists(dir.resolve("events.jsonl." + i)); i++) {
            files.add(dir.resolve("events.jsonl." + i));
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                assertThat(seen.add(MAPPER.readTree(line).get("properties").get("n").intValue())).isTrue();
            }
        }
        assertThat(seen).hasSize(800);
        assertThat(sink.status().counters()).containsEntry("written", 800L).containsEntry("dropped_write_error", 0L);
        assertAccounting(sink, 800, 800, 0);
        assertThat(changes).isEmpty();
    }

    private static java.util.Map.Entry<String, Long> entry(String key, long value) {
        return java.util.Map.entry(key, value);
    }

    /** Every event received was written or dropped: nothing is pending once deliver() returned. */
    private static void assertAccounting(FileSink sink, long received, long written, long dropped) {
        SinkStatus.Accounting accounting = sink.status().accounting().orElseThrow();
        assertThat(accounting.accepted()).isEqualTo(received);
        assertThat(accounting.delivered()).isEqualTo(written);
        assertThat(accounting.droppedTotal()).isEqualTo(dropped);
        assertThat(accounting.pending()).isZero();
        assertThat(accounting.balanced()).isTrue();
    }
}
