package org.openjarvis.analytics.impl.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjarvis.analytics.common.files.UnsafeFileException;
import org.junit.jupiter.api.io.TempDir;

class AnonymousIdStoreTest {

    @TempDir
    Path home;

    @Test
    void createsAUuidOnceAndReturnsTheSameAfterwards() throws IOException {
        AnonymousIdStore store = new AnonymousIdStore(home.resolve("nested/dir/anon_id"));

        AnonymousIdStore.AnonymousId created = store.getOrCreate();

        assertThat(created.replacedContent()).isFalse();
        assertThat(UUID.fromString(created.value()).version()).isEqualTo(4);
        assertThat(Files.readString(store.file())).isEqualTo(created.value() + "\n");
        assertThat(store.getOrCreate()).isEqualTo(created);
        assertThat(new AnonymousIdStore(store.file()).getOrCreate()).isEqualTo(created);
    }

    @Test
    void aMissingHomeIsCreatedOwnerOnlyAndAHomeOthersMayWriteToIsRefused() throws IOException {
        Path fresh = home.resolve("parent/jarvis");
        new AnonymousIdStore(fresh.resolve("anon_id")).getOrCreate();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.getParent())))
                .isEqualTo("rwx------");

        Path shared = Files.createDirectory(home.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(shared.resolve("anon_id"), "planted-by-someone-else\n");
        assertThatThrownBy(() -> new AnonymousIdStore(shared.resolve("anon_id")).getOrCreate())
                .isInstanceOf(UnsafeFileException.class).hasMessageContaining("may be changed by other users");
    }

    @Test
    void resetWritesANewIdAndLeavesNoTempFile() throws IOException {
        AnonymousIdStore store = new AnonymousIdStore(home.resolve("anon_id"));
        String first = store.getOrCreate().value();

        String second = store.reset();

        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(store.file()).strip()).isEqualTo(second);
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("anon_id");
        }
    }

    @Test
    void aUuidIsUsedAsIsInEitherCaseAndWithoutVersionBits() throws IOException {
        // The reference installer writes 16 random bytes as 8-4-4-4-12 hex without version bits.
        Files.writeString(home.resolve("anon_id"), "  0123abcd-0000-0000-0000-00000000BEEF\n");

        assertThat(new AnonymousIdStore(home.resolve("anon_id")).getOrCreate())
                .isEqualTo(new AnonymousIdStore.AnonymousId("0123abcd-0000-0000-0000-00000000BEEF", false));
    }

    @Test
    void surroundingWhiteSpaceIsWhatPythonsStripRemoves() throws IOException {
        Path file = home.resolve("anon_id");
        AnonymousIdStore store = new AnonymousIdStore(file);
        String uuid = "5f0c6d1e-9a4b-4c3d-8e2f-1a2b3c4d5e6f";

        // No-break space, NEL and the file separator are white space to Python (not all of them to Java's strip).
        Files.writeString(file, "\u00A0\u0085\u001C" + uuid + "\u001C\u0085\u00A0\n");
        assertThat(store.getOrCreate().value()).isEqualTo(uuid);

        // A zero-width space is not: with it, the content is not a UUID.
        Files.writeString(file, "\u200B" + uuid + "\u200B\n");
        assertThat(store.getOrCreate().value()).isNotEqualTo(uuid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@example.com /home/bob phone +1 415 555 2671", "my-id", "0123abcd",
        "0123abcd-0000-0000-0000-00000000beef0", "0123abcd_0000_0000_0000_00000000beef",
        "\uff10123abcd-0000-0000-0000-00000000beef", "g123abcd-0000-0000-0000-00000000beef"})
    void anythingButAUuidIsReplacedAndNeverReturned(String content) throws IOException {
        Path file = home.resolve("anon_id");
        Files.writeString(file, content + "\n");

        AnonymousIdStore.AnonymousId id = new AnonymousIdStore(file).getOrCreate();

        assertThat(id.replacedContent()).isTrue();
        assertThat(UUID.fromString(id.value()).version()).isEqualTo(4);
        assertThat(Files.readString(file)).isEqualTo(id.value() + "\n");
    }

    @Test
    void aBlankFileIsReplacedByANewIdWithoutNotice() throws IOException {
        Files.writeString(home.resolve("anon_id"), " \n\t\u00A0\u3000");

        AnonymousIdStore.AnonymousId id = new AnonymousIdStore(home.resolve("anon_id")).getOrCreate();

        assertThat(id.replacedContent()).isFalse();
        assertThat(Files.readString(home.resolve("anon_id"))).isEqualTo(id.value() + "\n");
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        AnonymousIdStore store = new AnonymousIdStore(home.resolve("anon_id"));
        store.getOrCreate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
    }

    @Test
    void aStaleTempFileSymlinkIsNotFollowed() throws IOException {
        Path victim = Files.writeString(home.resolve("victim.txt"), "keep me");
        Files.createSymbolicLink(home.resolve("anon_id.tmp"), victim);

        String id = new AnonymousIdStore(home.resolve("anon_id")).getOrCreate().value();

        assertThat(Files.readString(victim)).isEqualTo("keep me");
        assertThat(Files.readString(home.resolve("anon_id"))).isEqualTo(id + "\n");
        assertThat(home.resolve("anon_id.tmp")).doesNotExist();
    }

    @Test
    void aSymlinkInPlaceOfTheIdFileIsNeitherReadNorWrittenThrough() throws IOException {
        Path victim = Files.writeString(home.resolve("victim.txt"), "a secret of someone else's");
        Files.createSymbolicLink(home.resolve("anon_id"), victim);

        String id = new AnonymousIdStore(home.resolve("anon_id")).getOrCreate().value();

        assertThat(id).as("the link's target is not sent as the id").doesNotContain("secret");
        assertThat(Files.readString(victim)).isEqualTo("a secret of someone else's");
        assertThat(Files.isSymbolicLink(home.resolve("anon_id"))).isFalse();
        assertThat(Files.readString(home.resolve("anon_id"))).isEqualTo(id + "\n");
    }

    @Test
    void anOversizedFileIsReplacedWithoutBeingReadWhole() throws IOException {
        byte[] huge = new byte[64 * AnonymousIdStore.MAX_FILE_BYTES];
        Arrays.fill(huge, (byte) 'a');
        Files.write(home.resolve("anon_id"), huge);

        AnonymousIdStore.AnonymousId id = new AnonymousIdStore(home.resolve("anon_id")).getOrCreate();

        assertThat(id.replacedContent()).isTrue();
        assertThat(Files.size(home.resolve("anon_id"))).isEqualTo(37);
    }

    @Test
    void invalidUtf8IsReplaced() throws IOException {
        Files.write(home.resolve("anon_id"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});

        AnonymousIdStore.AnonymousId id = new AnonymousIdStore(home.resolve("anon_id")).getOrCreate();

        assertThat(id.replacedContent()).isTrue();
        assertThat(Files.readString(home.resolve("anon_id"))).isEqualTo(id.value() + "\n");
    }

    @Test
    void anUnwritableDirectoryIsAnIOException() throws IOException {
        Path notADirectory = Files.writeString(home.resolve("file"), "x", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new AnonymousIdStore(notADirectory.resolve("anon_id")).getOrCreate())
                .isInstanceOf(IOException.class);
    }
}
