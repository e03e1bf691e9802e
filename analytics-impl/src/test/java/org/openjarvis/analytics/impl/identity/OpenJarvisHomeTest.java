package org.openjarvis.analytics.impl.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OpenJarvisHomeTest {

    private static final String USER_HOME = "/home/tester";

    @Test
    void configuredHomeWins() {
        assertThat(OpenJarvisHome.resolve("/srv/jarvis", Map.of("OPENJARVIS_HOME", "/other"), USER_HOME))
                .isEqualTo(Path.of("/srv/jarvis"));
    }

    @Test
    void thenOpenJarvisHomeWithTildeExpanded() {
        assertThat(OpenJarvisHome.resolve("", Map.of("OPENJARVIS_HOME", "~/oj", "XDG_DATA_HOME", "/xdg"),
                USER_HOME)).isEqualTo(Path.of("/home/tester/oj"));
    }

    @Test
    void thenXdgDataHome() {
        assertThat(OpenJarvisHome.resolve(" ", Map.of("XDG_DATA_HOME", "/xdg"), USER_HOME))
                .isEqualTo(Path.of("/xdg/openjarvis"));
    }

    @Test
    void elseDotOpenJarvisInTheUserHome() {
        assertThat(OpenJarvisHome.resolve(null, Map.of(), USER_HOME)).isEqualTo(Path.of("/home/tester/.openjarvis"));
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        assertThat(OpenJarvisHome.resolve("rel/../h", Map.of(), USER_HOME))
                .isEqualTo(Path.of("h").toAbsolutePath());
    }
}
