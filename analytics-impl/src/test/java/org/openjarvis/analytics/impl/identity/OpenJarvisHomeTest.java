package org.openjarvis.analytics.impl.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OpenJarvisHomeTest {

    private static final String USER_HOME = "/home/tester";
    private static final Map<String, String> BOTH_VARIABLES = Map.of("OPENJARVIS_HOME", "/other",
            "XDG_DATA_HOME", "/xdg");

    @Test
    void configuredHomeWins() {
        assertThat(OpenJarvisHome.resolve("/srv/jarvis", "/launcher", BOTH_VARIABLES, USER_HOME))
                .isEqualTo(Path.of("/srv/jarvis"));
    }

    @Test
    void thenTheFrameworkPropertyWithTildeExpanded() {
        assertThat(OpenJarvisHome.resolve("", "/launcher", BOTH_VARIABLES, USER_HOME))
                .isEqualTo(Path.of("/launcher"));
        assertThat(OpenJarvisHome.resolve(null, " ~/launched ", BOTH_VARIABLES, USER_HOME))
                .isEqualTo(Path.of("/home/tester/launched"));
    }

    @Test
    void thenOpenJarvisHomeWithTildeExpanded() {
        assertThat(OpenJarvisHome.resolve("", " ", Map.of("OPENJARVIS_HOME", "~/oj", "XDG_DATA_HOME", "/xdg"),
                USER_HOME)).isEqualTo(Path.of("/home/tester/oj"));
    }

    @Test
    void thenXdgDataHome() {
        assertThat(OpenJarvisHome.resolve(" ", null, Map.of("XDG_DATA_HOME", "/xdg"), USER_HOME))
                .isEqualTo(Path.of("/xdg/openjarvis"));
    }

    @Test
    void elseDotOpenJarvisInTheUserHome() {
        assertThat(OpenJarvisHome.resolve(null, null, Map.of(), USER_HOME))
                .isEqualTo(Path.of("/home/tester/.openjarvis"));
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        assertThat(OpenJarvisHome.resolve("rel/../h", null, Map.of(), USER_HOME))
                .isEqualTo(Path.of("h").toAbsolutePath());
        assertThat(OpenJarvisHome.resolve(null, "rel/./f", Map.of(), USER_HOME))
                .isEqualTo(Path.of("rel/f").toAbsolutePath());
    }

    @Test
    void anInvalidPathNamesTheSettingItCameFrom() {
        assertThatThrownBy(() -> OpenJarvisHome.resolve(null, "bad\u0000home", Map.of(), USER_HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The framework property org.openjarvis.analytics.home is not a valid "
                        + "directory path: \"bad\u0000home\"");
        assertThatThrownBy(() -> OpenJarvisHome.resolve("bad\u0000home", "/fine", Map.of(), USER_HOME))
                .hasMessageStartingWith("Configuration org.openjarvis.analytics: home is not a valid directory path");
    }
}
