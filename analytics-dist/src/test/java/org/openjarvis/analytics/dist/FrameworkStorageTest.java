package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkStorageTest {

    @TempDir
    Path temporary;

    private Path elsewhere;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void somethingOutsideThatMustSurvive() throws IOException {
        assumeTrue(temporary.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        elsewhere = Files.createDirectory(temporary.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("precious"), "keep me");
        Files.writeString(elsewhere.resolve(FrameworkStorage.LOCK_FILE), "1\n");
    }

    @Test
    void theStorageIsOwnerOnlyFromTheStartAndItsLockNamesThisProcess() throws IOException {
        try (FrameworkStorage storage = FrameworkStorage.create(temporary)) {
            assertThat(storage.directory().getParent()).isEqualTo(temporary);
            assertThat(storage.directory().getFileName().toString()).startsWith(FrameworkStorage.PREFIX);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.directory())))
                    .isEqualTo("rwx------");
            assertThat(storage.directory().resolve(FrameworkStorage.LOCK_FILE)).content()
                    .isEqualTo(ProcessHandle.current().pid() + "\n");
        }
    }

    @Test
    void closeDeletesEverythingWithoutFollowingLinksAndASecondCloseDoesNothing() throws IOException {
        FrameworkStorage storage = FrameworkStorage.create(temporary);
        Path config = Files.createDirectories(storage.directory().resolve("bundle3/data/config"));
        Files.writeString(config.resolve("posthog~x.config"), "api.key=\"$[env:POSTHOG_API_KEY]\"\n");
        Files.createSymbolicLink(config.resolve("link-to-a-directory"), elsewhere);
        Files.createSymbolicLink(config.resolve("link-to-a-file"), elsewhere.resolve("precious"));

        storage.close();
        storage.close();

        assertThat(storage.directory()).doesNotExist();
        assertThat(elsewhere.resolve("precious")).hasContent("keep me");
    }

    @Test
    void aStorageLeftByAProcessThatIsGoneIsRemovedWithOneLineNamingIt() throws IOException {
        Path stale = leftBehind("12345\n");
        Files.createSymbolicLink(stale.resolve("link"), elsewhere);

        try (FrameworkStorage storage = FrameworkStorage.create(temporary)) {
            storage.removeStale(err);
        }

        assertThat(stale).doesNotExist();
        assertThat(elsewhere.resolve("precious")).hasContent("keep me");
        assertThat(printed()).containsExactly("[INFO] openjarvis-analytics: removed the framework storage " + stale
                + " left by process 12345, which ended without cleaning up");
    }

    @Test
    void aStorageInUseIsLeftAlone() throws IOException {
        try (FrameworkStorage inUse = FrameworkStorage.create(temporary);
                FrameworkStorage starting = FrameworkStorage.create(temporary)) {
            starting.removeStale(err);
            inUse.removeStale(err);

            assertThat(inUse.directory().resolve(FrameworkStorage.LOCK_FILE)).exists();
            assertThat(starting.directory().resolve(FrameworkStorage.LOCK_FILE)).exists();
        }
        assertThat(printed()).isEmpty();
    }

    // Between creating its lock file and locking it, a starting JVM's lock file is unlocked and still empty.
    @Test
    void aStorageWhoseLockFileIsStillEmptyIsBeingCreatedAndIsLeftAlone() throws IOException {
        Path creating = leftBehind("");

        try (FrameworkStorage storage = FrameworkStorage.create(temporary)) {
            storage.removeStale(err);
        }

        assertThat(creating.resolve("bundle0")).exists();
        assertThat(printed()).isEmpty();
    }

    @Test
    void aStorageWithoutALockFileMayBeAnOlderVersionsInUseAndIsOnlyReported() throws IOException {
        Path old = Files.createDirectory(temporary.resolve(FrameworkStorage.PREFIX + "4711"));
        Files.writeString(old.resolve("posthog~x.config"), "api.key=\"phc_old\"\n");

        try (FrameworkStorage storage = FrameworkStorage.create(temporary)) {
            storage.removeStale(err);
        }

        assertThat(old.resolve("posthog~x.config")).exists();
        assertThat(printed()).singleElement().asString().startsWith("[WARN] openjarvis-analytics: left " + old
                + " alone: it has no lock file");
    }

    @Test
    void linksFilesAndLockFilesThatAreLinksAreNeverFollowedOrRemoved() throws IOException {
        Path link = Files.createSymbolicLink(temporary.resolve(FrameworkStorage.PREFIX + "link"), elsewhere);
        Path file = Files.writeString(temporary.resolve(FrameworkStorage.PREFIX + "file"), "x");
        Path linkedLock = Files.createDirectory(temporary.resolve(FrameworkStorage.PREFIX + "linkedlock"));
        Files.createSymbolicLink(linkedLock.resolve(FrameworkStorage.LOCK_FILE),
                elsewhere.resolve(FrameworkStorage.LOCK_FILE));
        Files.writeString(linkedLock.resolve("data"), "x");

        try (FrameworkStorage storage = FrameworkStorage.create(temporary)) {
            storage.removeStale(err);
        }

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(file).exists();
        assertThat(linkedLock.resolve("data")).exists();
        assertThat(elsewhere.resolve("precious")).hasContent("keep me");
        assertThat(elsewhere.resolve(FrameworkStorage.LOCK_FILE)).hasContent("1\n");
        assertThat(printed()).singleElement().asString().startsWith("[WARN] openjarvis-analytics: cannot remove "
                + "the framework storage " + linkedLock);
    }

    // Needs a second user to give the directory to: root can (CI runs as root), others cannot chown.
    @Test
    void anotherUsersStaleStorageIsNeverTouched() throws IOException {
        Path theirs = leftBehind("12345\n");
        UserPrincipal nobody = temporary.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        try {
            Files.setOwner(theirs.resolve(FrameworkStorage.LOCK_FILE), nobody);
            Files.setOwner(theirs, nobody);
        } catch (IOException e) {
            assumeTrue(false, "cannot give files to another user here: " + e);
        }

        try (FrameworkStorage storage = FrameworkStorage.create(temporary)) {
            storage.removeStale(err);
        }

        assertThat(Files.getOwner(theirs, LinkOption.NOFOLLOW_LINKS)).isEqualTo(nobody);
        assertThat(theirs.resolve("bundle0")).exists();
        assertThat(printed()).isEmpty();
    }

    // What a SIGKILLed distribution leaves: a storage whose lock file nobody holds.
    private Path leftBehind(String lockContent) throws IOException {
        Path directory = Files.createTempDirectory(temporary, FrameworkStorage.PREFIX);
        Files.writeString(directory.resolve(FrameworkStorage.LOCK_FILE), lockContent);
        Files.createDirectories(directory.resolve("bundle0"));
        return directory;
    }

    private List<String> printed() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
