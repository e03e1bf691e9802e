package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The launcher jar carries the project's license and a notice that keeps the shaded Felix framework's own notice
 * after the project's (Apache-2.0, section 4 d).
 */
class DistributionLicenseIT {
    private static final Path JAR = Path.of(System.getProperty("distribution.jar"));
    private static final Path ROOT = Path.of(System.getProperty("project.root"));

    @Test
    void theLauncherJarCarriesTheProjectLicense() throws IOException {
        assertThat(entry("META-INF/LICENSE")).isEqualTo(Files.readString(ROOT.resolve("LICENSE")));
    }

    @Test
    void theLauncherJarNoticeIsTheProjectNoticeThenTheFrameworkNotice() throws IOException {
        assertThat(entry("META-INF/NOTICE"))
                .startsWith(Files.readString(ROOT.resolve("NOTICE")))
                .contains("Apache Felix Framework", "Copyright 2006-2022 The Apache Software Foundation");
    }

    private static String entry(String name) throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            var entry = jar.getJarEntry(name);
            assertThat(entry).as(name).isNotNull();
            try (var in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
