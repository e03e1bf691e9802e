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
        assertThat(new OpenJarvisHome("/launcher", BOTH_VARIABLES, USER_HOME).resolve("/srv/jarvis"))
                .isEqualTo(Path.of("/srv/jarvis"));
    }

    @Test
    void thenTheFrameworkPropertyWithTildeExpanded() {
        assertThat(new OpenJarvisHome("/launcher", BOTH_VARIABLES, USER_HOME).resolve(""))
                .isEqualTo(Path.of("/launcher"));
        assertThat(new OpenJarvisHome(" ~/launched ", BOTH_VARIABLES, USER_HOME).resolve(null))
                .isEqualTo(Path.of("/home/tester/launched"));
    }

    @Test
    void thenOpenJarvisHomeWithTildeExpanded() {
        assertThat(new OpenJarvisHome(" ", Map.of("OPENJARVIS_HOME", "~/oj", "XDG_DATA_HOME", "/xdg"), USER_HOME).resolve("")).isEqualTo(Path.of("/home/tester/oj"));
    }

    @Test
    void thenXdgDataHome() {
        assertThat(new OpenJarvisHome(null, Map.of("XDG_DATA_HOME", "/xdg"), USER_HOME).resolve(" "))
                .isEqualTo(Path.of("/xdg/openjarvis"));
    }

    @Test
    void elseDotOpenJarvisInTheUserHome() {
        assertThat(new OpenJarvisHome(null, Map.of(), USER_HOME).resolve(null))
                .isEqualTo(Path.of("/home/tester/.openjarvis"));
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        assertThat(new OpenJarvisHome(null, Map.of(), USER_HOME).resolve("rel/../h"))
                .isEqualTo(Path.of("h").toAbsolutePath());
        assertThat(new OpenJarvisHome("rel/./f", Map.of(), USER_HOME).resolve(null))
                .isEqualTo(Path.of("rel/f").toAbsolutePath());
    }

    @Test
    void anInvalidPathNamesTheSettingItCameFrom() {
        assertThatThrownBy(() -> new OpenJarvisHome("bad\u0000home", Map.of(), USER_HOME).resolve(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The framework property org.openjarvis.analytics.home is not a valid directory path here "
                        + "(Nul character not allowed)");
        assertThatThrownBy(() -> new OpenJarvisHome("/fine", Map.of(), USER_HOME).resolve("bad\u0000home"))
                .hasMessageStartingWith("Configuration org.openjarvis.analytics: home is not a valid directory path");
    }
}
