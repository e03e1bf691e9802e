package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void defaultsToAConfFolderInTheWorkingDirectory() throws Exception {
        LaunchOptions options = LaunchOptions.parse();

        assertThat(options.confDirectory()).isEqualTo(Path.of("conf").toAbsolutePath());
        assertThat(options.home()).isEmpty();
        assertThat(options.script()).isEmpty();
    }

    @Test
    void readsEveryOption() throws Exception {
        LaunchOptions options = LaunchOptions.parse("--home", "h", "--script", "/tmp/s.gogo", "--conf", "/etc/oj");

        assertThat(options.home()).contains(Path.of("h").toAbsolutePath());
        assertThat(options.script()).contains(Path.of("/tmp/s.gogo"));
        assertThat(options.confDirectory()).isEqualTo(Path.of("/etc/oj"));
    }

    @Test
    void rejectsUnknownOptionsAndMissingValuesWithTheUsage() {
        assertThatThrownBy(() -> LaunchOptions.parse("--verbose", "x"))
                .hasMessageStartingWith("unknown option --verbose").hasMessageContaining("usage:");
        assertThatThrownBy(() -> LaunchOptions.parse("--home"))
                .hasMessageStartingWith("missing value after --home");
        assertThatThrownBy(() -> LaunchOptions.parse("--help")).hasMessageStartingWith("usage:");
    }

    @Test
    void escapesFilterValues() {
        assertThat(ConfigurationLoader.escape("file:/a(b)*\\c")).isEqualTo("file:/a\\(b\\)\\*\\\\c");
    }
}
