package org.openjarvis.analytics.common.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path root;

    @Test
    void missingDirectoriesAreCreatedOwnerOnlyAndExistingOnesAreLeftAlone() throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = root.resolve("a/b/c");
        PrivateFiles.createDirectories(deep);
        for (Path created : new Path[] {root.resolve("a"), root.resolve("a/b"), deep}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).as(created.toString())
                    .isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aDirectoryThatOthersMayWriteToIsRefusedAsSshWould() throws IOException {
        Path shared = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateFiles.createDirectories(shared)).isInstanceOf(UnsafeFileException.class)
                .hasMessageContaining(shared.toString()).hasMessageContaining("rwxrwxrwx");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> PrivateFiles.checkDirectory(shared)).isInstanceOf(UnsafeFileException.class);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.checkDirectory(shared);
    }

    // Needs a second user to give the directory to: root can (CI runs as root), others cannot chown.
    @Test
    void aDirectoryOrFileOwnedBySomeoneElseIsRefused() throws IOException {
        Path theirs = Files.createDirectory(root.resolve("theirs"));
        Path file = Files.writeString(root.resolve("file"), "x");
        UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.setOwner(theirs, nobody);
            Files.setOwner(file, nobody);
        } catch (IOException e) {
            assumeTrue(false, "cannot give files to another user here: " + e);
        }
        assertThatThrownBy(() -> PrivateFiles.checkDirectory(theirs)).isInstanceOf(UnsafeFileException.class)
                .hasMessageContaining("owned by nobody");
        assertThatThrownBy(() -> PrivateFiles.checkFile(file)).isInstanceOf(UnsafeFileException.class)
                .hasMessageContaining("owned by nobody");
    }

    @Test
    void aFileIsRefusedWhenOthersMayWriteItOrItIsALinkAndPassesWhenMissing() throws IOException {
        Path file = Files.writeString(root.resolve("events.jsonl"), "x");
        PrivateFiles.checkFile(file);
        PrivateFiles.checkFile(root.resolve("missing"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> PrivateFiles.checkFile(file)).isInstanceOf(UnsafeFileException.class);
        Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("missing"));
        assertThatThrownBy(() -> PrivateFiles.checkFile(link)).isInstanceOf(UnsafeFileException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void filesAreCreatedExclusivelyAndOwnerOnly() throws IOException {
        Path file = PrivateFiles.createFile(root.resolve("id"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Path link = Files.createSymbolicLink(root.resolve("planted"), root.resolve("victim"));
        assertThatThrownBy(() -> PrivateFiles.createFile(link)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(root.resolve("victim")).doesNotExist();
    }

    @Test
    void anAtomicWriteReplacesALinkInsteadOfFollowingItAndLeavesNoTemporaryFile() throws IOException {
        Path victim = Files.writeString(root.resolve("victim"), "theirs");
        Path target = Files.createSymbolicLink(root.resolve("target"), victim);
        Files.createSymbolicLink(root.resolve("target.tmp"), victim); // a stale or planted temporary name
        PrivateFiles.writeAtomically(target, "ours".getBytes(StandardCharsets.UTF_8));
        assertThat(victim).hasContent("theirs");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(target).hasContent("ours");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(root.resolve("target.tmp")).doesNotExist();
    }

    @Test
    void anAppendOpenCreatesTheFileOwnerOnlyAndAddsToWhatIsThere() throws IOException {
        Path file = root.resolve("events.jsonl");
        try (FileChannel channel = PrivateFiles.openForAppend(file)) {
            channel.write(ByteBuffer.wrap("one\n".getBytes(StandardCharsets.UTF_8)));
        }
        try (FileChannel channel = PrivateFiles.openForAppend(file)) {
            channel.write(ByteBuffer.wrap("two\n".getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anAppendOpenNeverWritesThroughALinkPlantedAtTheName() throws IOException {
        Path target = Files.writeString(root.resolve("target"), "kept");
        Path link = Files.createSymbolicLink(root.resolve("events.jsonl"), target);

        assertThatThrownBy(() -> PrivateFiles.openForAppend(link)).isInstanceOf(IOException.class);
        assertThat(Files.readString(target)).isEqualTo("kept");
    }

    @Test
    void aTemporaryDirectoryIsOwnerOnlyAndNamedByItsPrefix() throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path created = PrivateFiles.createTempDirectory(root, "storage");

        assertThat(created.getParent()).isEqualTo(root);
        assertThat(created.getFileName().toString()).startsWith("storage");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rwx------");
    }
}
