package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToAConfFolderInTheWorkingDirectory() throws Exception {
        LaunchOptions options = LaunchOptions.parse();

        assertThat(options.help()).isFalse();
        assertThat(options.confDirectory()).isEqualTo(Path.of("conf").toAbsolutePath());
        assertThat(options.home()).isEmpty();
        assertThat(options.script()).isEmpty();
    }

    @Test
    void readsEveryOption() throws Exception {
        Path script = Files.writeString(dir.resolve("s.gogo"), "analytics:status\n");
        Path conf = Files.createDirectory(dir.resolve("conf"));

        LaunchOptions options = LaunchOptions.parse("--home", "h", "--script", script.toString(), "--conf",
                dir + "/x/../conf");

        assertThat(options.home()).contains(Path.of("h").toAbsolutePath());
        assertThat(options.script()).contains(script);
        assertThat(options.confDirectory()).isEqualTo(conf);
    }

    @Test
    void helpIsARequestNotAnError() throws Exception {
        assertThat(LaunchOptions.parse("--help").help()).isTrue();
        assertThat(LaunchOptions.parse("-h").help()).isTrue();
        assertThat(LaunchOptions.parse("--home", "h", "-h", "--no-such-option").help()).isTrue();
        assertThat(LaunchOptions.USAGE).startsWith("usage:").contains("--help");
    }

    @Test
    void rejectsUnknownOptionsAndMissingValuesWithTheUsage() {
        assertThatThrownBy(() -> LaunchOptions.parse("--bogus")).isInstanceOf(LaunchOptions.UsageException.class)
                .hasMessageStartingWith("unknown option --bogus\n").hasMessageEndingWith(LaunchOptions.USAGE);
        assertThatThrownBy(() -> LaunchOptions.parse("--verbose", "x"))
                .hasMessageStartingWith("unknown option --verbose\n").hasMessageContaining("usage:");
        assertThatThrownBy(() -> LaunchOptions.parse("--home"))
                .hasMessageStartingWith("missing value after --home\n").hasMessageContaining("usage:");
    }

    @Test
    void aScriptThatIsMissingOrADirectoryIsRefusedInOneLine() throws Exception {
        Path missing = dir.resolve("missing.gogo");
        assertThatThrownBy(() -> LaunchOptions.parse("--script", missing.toString()))
                .isInstanceOf(LaunchOptions.UsageException.class)
                .hasMessage("--script " + missing + " does not exist");
        assertThatThrownBy(() -> LaunchOptions.parse("--script", dir.toString()))
                .hasMessage("--script " + dir + " is a directory, not a file");
    }

    @Test
    void aScriptThatCannotBeOpenedIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("analytics.gogo"), "analytics:status\n");
        Path throughAFile = file.resolve("inner.gogo");
        Path loop = dir.resolve("loop.gogo");
        Files.createSymbolicLink(loop, loop);

        // Neither can be read by anyone, root included, which reads past any permission.
        assertThatThrownBy(() -> LaunchOptions.parse("--script", throughAFile.toString()))
                .hasMessage("--script " + throughAFile + " cannot be read (Not a directory)");
        assertThatThrownBy(() -> LaunchOptions.parse("--script", loop.toString()))
                .hasMessageStartingWith("--script " + loop + " cannot be read (Too many levels of symbolic links")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aConfThatIsNotADirectoryIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("analytics.cfg"), "enabled = false\n");
        Path missing = dir.resolve("no-such-conf");

        assertThatThrownBy(() -> LaunchOptions.parse("--conf", file.toString()))
                .hasMessage("--conf " + file + " is not a directory");
        assertThatThrownBy(() -> LaunchOptions.parse("--conf", missing.toString()))
                .hasMessage("--conf " + missing + " does not exist");
    }

    @Test
    void escapesFilterValues() {
        assertThat(ConfigurationLoader.escape("file:/a(b)*\\c")).isEqualTo("file:/a\\(b\\)\\*\\\\c");
    }
}
