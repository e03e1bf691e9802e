package org.openjarvis.analytics.impl.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {

    @TempDir
    Path dir;

    @Test
    void rotatesWithoutLosingOrSplittingAnyLine() throws IOException {
        Path path = dir.resolve("events.jsonl");
        List<String> written = new ArrayList<>();
        try (RotatingFile file = new RotatingFile(path, 100, 50)) {
            for (int i = 0; i < 60; i++) {
                String line = line(i);
                file.append(bytes(line));
                written.add(line);
            }
            assertThat(file.rotations()).isGreaterThan(5);
        }

        List<Path> files = existingFiles(path);
        assertThat(files).as("not all 50 kept files are used").hasSizeLessThan(51);
        for (Path each : files) {
            assertThat(Files.size(each)).as(each.toString()).isLessThanOrEqualTo(100);
            assertThat(Files.readString(each)).as(each.toString()).endsWith("\n");
        }
        assertThat(readAll(files)).containsExactlyElementsOf(written);
    }

    @Test
    void keepsAtMostKeepRotatedFilesAndDeletesTheOldest() throws IOException {
        Path path = dir.resolve("events.jsonl");
        List<String> written = new ArrayList<>();
        try (RotatingFile file = new RotatingFile(path, 100, 3)) {
            for (int i = 0; i < 100; i++) {
                String line = line(i);
                file.append(bytes(line));
                written.add(line);
            }
            assertThat(file.rotations()).isGreaterThan(3);
        }

        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("events.jsonl",
                    "events.jsonl.1", "events.jsonl.2", "events.jsonl.3");
        }
        // What is left is the newest lines, complete and in order.
        List<String> kept = readAll(existingFiles(path));
        assertThat(kept).isNotEmpty();
        assertThat(kept).containsExactlyElementsOf(written.subList(written.size() - kept.size(), written.size()));
    }

    @Test
    void rotatesOnlyWhenTheNextLineWouldExceedMaxBytes() throws IOException {
        Path path = dir.resolve("events.jsonl");
        try (RotatingFile file = new RotatingFile(path, 20, 5)) {
            file.append(bytes("123456789\n")); // 10 bytes
            file.append(bytes("abcdefghi\n")); // 20 bytes: fits exactly
            assertThat(file.rotations()).isZero();
            file.append(bytes("x\n")); // 22 bytes would exceed
            assertThat(file.rotations()).isEqualTo(1);
        }
        assertThat(Files.readString(dir.resolve("events.jsonl.1"))).isEqualTo("123456789\nabcdefghi\n");
        assertThat(Files.readString(path)).isEqualTo("x\n");
    }

    @Test
    void aLineLongerThanMaxBytesGetsAFileOfItsOwn() throws IOException {
        Path path = dir.resolve("events.jsonl");
        String longLine = "x".repeat(50) + "\n";
        try (RotatingFile file = new RotatingFile(path, 20, 5)) {
            file.append(bytes("short\n"));
            file.append(bytes(longLine));
            file.append(bytes("after\n"));
        }
        assertThat(Files.readString(dir.resolve("events.jsonl.2"))).isEqualTo("short\n");
        assertThat(Files.readString(dir.resolve("events.jsonl.1"))).isEqualTo(longLine);
        assertThat(Files.readString(path)).isEqualTo("after\n");
    }

    @Test
    void keepZeroStartsAfreshWithoutRotatedFiles() throws IOException {
        Path path = dir.resolve("events.jsonl");
        try (RotatingFile file = new RotatingFile(path, 20, 0)) {
            file.append(bytes("first line\n"));
            file.append(bytes("second line\n"));
            assertThat(file.rotations()).isEqualTo(1);
        }
        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing).containsExactly(path);
        }
        assertThat(Files.readString(path)).isEqualTo("second line\n");
    }

    @Test
    void rotatedFilesBeyondALoweredKeepAreDeleted() throws IOException {
        Path path = dir.resolve("events.jsonl");
        Files.writeString(path, "current\n");
        for (int i = 1; i <= 5; i++) {
            Files.writeString(dir.resolve("events.jsonl." + i), "old " + i + "\n");
        }
        try (RotatingFile file = new RotatingFile(path, 10, 2)) {
            file.append(bytes("new line\n"));
        }
        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("events.jsonl",
                    "events.jsonl.1", "events.jsonl.2");
        }
        assertThat(Files.readString(dir.resolve("events.jsonl.1"))).isEqualTo("current\n");
        assertThat(Files.readString(dir.resolve("events.jsonl.2"))).isEqualTo("old 1\n");
        assertThat(Files.readString(path)).isEqualTo("new line\n");
    }

    @Test
    void createsParentDirectoriesAndAppendsToAnExistingFile() throws IOException {
        Path path = dir.resolve("a/b/c/events.jsonl");
        try (RotatingFile file = new RotatingFile(path, 1000, 1)) {
            file.append(bytes("one\n"));
        }
        try (RotatingFile file = new RotatingFile(path, 1000, 1)) {
            file.append(bytes("two\n"));
        }
        assertThat(Files.readString(path)).isEqualTo("one\ntwo\n");
    }

    @Test
    void countsTheExistingFileTowardsTheRotationSize() throws IOException {
        Path path = dir.resolve("events.jsonl");
        Files.writeString(path, "x".repeat(15) + "\n");
        try (RotatingFile file = new RotatingFile(path, 20, 1)) {
            file.append(bytes("12345\n"));
            assertThat(file.rotations()).isEqualTo(1);
        }
        assertThat(Files.readString(path)).isEqualTo("12345\n");
    }

    @Test
    void aPartialLastLineIsTerminatedBeforeTheNextLine() throws IOException {
        Path path = dir.resolve("events.jsonl");
        Files.writeString(path, "{\"complete\":1}\n{\"cut sho");
        try (RotatingFile file = new RotatingFile(path, 1000, 1)) {
            file.append(bytes("{\"next\":2}\n"));
        }
        assertThat(Files.readAllLines(path)).containsExactly("{\"complete\":1}", "{\"cut sho", "{\"next\":2}");
    }

    @Test
    void aFileDeletedWhileOpenIsCreatedAgain() throws IOException {
        Path path = dir.resolve("events.jsonl");
        try (RotatingFile file = new RotatingFile(path, 1000, 1)) {
            file.append(bytes("before\n"));
            Files.delete(path);
            file.append(bytes("after\n"));
            assertThat(Files.readString(path)).isEqualTo("after\n");
        }
    }

    @Test
    void aFileReplacedWhileOpenIsWrittenAtThePath() throws IOException {
        Path path = dir.resolve("events.jsonl");
        try (RotatingFile file = new RotatingFile(path, 1000, 1)) {
            file.append(bytes("before\n"));
            Files.move(path, dir.resolve("moved-away"));
            Files.writeString(path, "replacement\n");
            file.append(bytes("after\n"));
        }
        assertThat(Files.readString(path)).isEqualTo("replacement\nafter\n");
        assertThat(Files.readString(dir.resolve("moved-away"))).isEqualTo("before\n");
    }

    @Test
    void appendAfterCloseOpensTheFileAgain() throws IOException {
        Path path = dir.resolve("events.jsonl");
        RotatingFile file = new RotatingFile(path, 1000, 1);
        file.append(bytes("one\n"));
        file.close();
        file.append(bytes("two\n"));
        file.flush();
        file.close();
        assertThat(Files.readString(path)).isEqualTo("one\ntwo\n");
    }

    @Test
    void newFilesAreReadableAndWritableByTheOwnerOnly() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions not supported");
        Path path = dir.resolve("events.jsonl");
        try (RotatingFile file = new RotatingFile(path, 20, 2)) {
            file.append(bytes("first line\n"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            file.append(bytes("second line\n")); // rotates: the new current file is owner-only too
            assertThat(file.rotations()).isEqualTo(1);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("events.jsonl.1"))))
                .isEqualTo("rw-------");
    }

    @Test
    void failsWithAnIOExceptionWhenTheParentIsARegularFile() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");
        try (RotatingFile file = new RotatingFile(blocker.resolve("events.jsonl"), 1000, 1)) {
            assertThatThrownBy(() -> file.append(bytes("line\n"))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void rejectsNonsensicalArguments() {
        assertThatThrownBy(() -> new RotatingFile(dir.resolve("x"), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RotatingFile(dir.resolve("x"), 10, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RotatingFile(dir.getRoot(), 10, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String line(int i) {
        // 12 to 30 bytes, so lines fit a 100-byte file in varying numbers
        return "{\"n\":" + i + ",\"pad\":\"" + "p".repeat(i % 13) + "\"}\n";
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** The current file and its rotated files that exist, oldest first. */
    private static List<Path> existingFiles(Path path) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; Files.exists(path.resolveSibling(path.getFileName() + "." + i)); i++) {
            files.add(0, path.resolveSibling(path.getFileName() + "." + i));
        }
        files.add(path);
        return files;
    }

    private static List<String> readAll(List<Path> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                lines.add(line + "\n");
            }
        }
        return lines;
    }
}
