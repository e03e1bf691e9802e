package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsDirectoryTest {

    @TempDir
    Path root;

    private Path conf;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void ownerOnlyConf() throws IOException {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        conf = Files.createDirectory(root.resolve("conf"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void theConfDirectoryHoldsTheSecretsByDefaultAsKarafsEtcDoes() throws Exception {
        assertThat(SecretsDirectory.choose(Optional.empty(), conf, err)).contains(conf.toString());
        assertThat(SecretsDirectory.choose(Optional.empty(), root.resolve("missing"), err)).isEmpty();
        assertThat(printed()).isEmpty();
    }

    @Test
    void aConfThatOthersMayWriteToHoldsNoSecretsAndSaysSoInOneLine() throws Exception {
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(SecretsDirectory.choose(Optional.empty(), conf, err)).isEmpty();

        assertThat(printed()).isEqualTo("[WARN] openjarvis-analytics: $[secret:...] placeholders stay unresolved: "
                + conf + " may be changed by other users (mode rwxrwxr-x); allow writing by its owner only, e.g. "
                + "chmod go-w (set -D" + SecretsDirectory.PROPERTY + "=DIR for another secrets directory)\n");
    }

    @Test
    void configuredDirectoriesAreCheckedAndPassedOnWithoutBlanks() throws Exception {
        Path other = Files.createDirectory(root.resolve("other"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(SecretsDirectory.choose(Optional.of(" " + conf + " , " + other), root.resolve("unused"), err))
                .contains(conf + "," + other);
        assertThat(printed()).isEmpty();
    }

    @Test
    void aConfiguredDirectoryThatIsMissingEmptyOrWritableByOthersStopsTheLaunch() throws IOException {
        Path shared = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path missing = root.resolve("missing");

        assertThatThrownBy(() -> SecretsDirectory.choose(Optional.of(missing.toString()), conf, err))
                .isInstanceOf(LaunchOptions.UsageException.class)
                .hasMessage("-D" + SecretsDirectory.PROPERTY + ": " + missing + " is not a directory");
        assertThatThrownBy(() -> SecretsDirectory.choose(Optional.of(conf + ","), conf, err))
                .hasMessage("-D" + SecretsDirectory.PROPERTY + " names an empty directory");
        assertThatThrownBy(() -> SecretsDirectory.choose(Optional.of(shared.toString()), conf, err))
                .hasMessageContaining(shared + " may be changed by other users (mode rwxrwxrwx)");
    }

    // Needs a second user to give the directory to: root can (CI runs as root), others cannot chown.
    @Test
    void aConfiguredDirectoryOfAnotherUserStopsTheLaunch() throws IOException {
        Path theirs = Files.createDirectory(root.resolve("theirs"));
        UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.setOwner(theirs, nobody);
        } catch (IOException e) {
            assumeTrue(false, "cannot give files to another user here: " + e);
        }

        assertThatThrownBy(() -> SecretsDirectory.choose(Optional.of(theirs.toString()), conf, err))
                .isInstanceOf(LaunchOptions.UsageException.class)
                .hasMessageContaining(theirs + " is owned by nobody");
    }

    @Test
    void aSecretThatOthersMayReadIsReportedButConfigurationFilesAreNot() throws Exception {
        Path readable = Files.writeString(conf.resolve("posthog-api-key"), "phc_x\n");
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
        Path ownerOnly = Files.writeString(conf.resolve("other-key"), "phc_y\n");
        Files.setPosixFilePermissions(ownerOnly, PosixFilePermissions.fromString("rw-------"));
        Path cfg = Files.writeString(conf.resolve("org.openjarvis.analytics.cfg"), "enabled = true\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(conf.resolve("dangling"), root.resolve("nothing"));

        assertThat(SecretsDirectory.choose(Optional.empty(), conf, err)).contains(conf.toString());

        assertThat(printed()).isEqualTo("[WARN] openjarvis-analytics: the secret " + readable + " may be read by "
                + "other users (mode rw-r--r--); chmod 600 it\n");
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
