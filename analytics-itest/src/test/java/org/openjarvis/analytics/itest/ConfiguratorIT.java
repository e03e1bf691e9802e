package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.CaptureResult;
import org.openjarvis.analytics.api.CatalogueEvent;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;

/**
 * The OSGi Configurator (Felix's implementation) configures analytics from the {@code OSGI-INF/configurator/*.json}
 * of an application bundle, as docs/felix.md shows, and takes that configuration away with the bundle.
 */
class ConfiguratorIT extends AnalyticsTestSupport {

    private static final String JSON_PATH = "OSGI-INF/configurator/analytics.json";

    private Bundle application;

    @Test
    void aBundleCarryingConfiguratorJsonConfiguresTheServiceUntilItIsUninstalled() throws Exception {
        Path configuredHome = home.resolve("configured");
        // The Configurator's default policy leaves alone a configuration that someone else made, as every test's
        // own setup did: without it, the application's JSON is the only configuration, as in a fresh framework.
        configurationAdmin.getConfiguration(PID, "?").delete();
        String json = """
                {
                  ":configurator:resource-version": 1,
                  "org.openjarvis.analytics": {
                    "enabled": false,
                    "home": "%s"
                  },
                  "org.openjarvis.analytics.posthog~configurator": {
                    "api.key": "phc_itest_not_a_real_key_0123",
                    "host": "http://127.0.0.1:9",
                    "batch.size": 50
                  }
                }
                """.formatted(configuredHome.toString().replace("\\", "\\\\"));

        application = context.installBundle("itest:configurator-application", applicationBundle(json));
        application.start();
        String events = configuredHome.resolve("analytics/events.jsonl").toString();
        // SCR copies the configuration into the service properties only after the component applied it.
        await(() -> !analytics().isEnabled() && configuredHome.toString().equals(serviceHome())
                && sinkStatus("file").map(s -> s.detail().equals(events)).orElse(false),
                () -> "analytics off, its home and the file sink in " + configuredHome + ": " + state());
        assertThat(analytics().disabledReason()).contains("configuration enabled=false");
        assertThat(analytics().capture(CatalogueEvent.FEATURE_USED, Map.of("feature_name", "voice")))
                .isEqualTo(CaptureResult.DISABLED);
        // A factory configuration: one PostHog sink named after it (analytics is off, so it sends nothing).
        await(() -> sinkStatus("posthog~configurator").isPresent(), () -> "the PostHog sink: " + state());

        // The configurations leave with the bundle that brought them, and analytics runs on its defaults again.
        application.uninstall();
        await(() -> configurations() == 0, "the application's configurations to be removed");
        await(() -> analytics().isEnabled() && serviceHome() == null && sinkStatus("posthog~configurator").isEmpty(),
                () -> "analytics on its defaults and no PostHog sink: " + state());
    }

    @AfterEach
    void uninstallTheApplication() throws BundleException {
        if (application != null && application.getState() != Bundle.UNINSTALLED) {
            application.uninstall();
        }
        // The Configurator removes them asynchronously: it must not remove the next test's configuration.
        await(() -> configurations() == 0, "the application's configurations to be removed");
    }

    private String state() {
        return "enabled " + analytics().isEnabled() + ", home " + serviceHome() + ", sinks "
                + analytics().status().sinks();
    }

    /** The home the service was configured with, as SCR copies it into the service properties. */
    private Object serviceHome() {
        return context.getServiceReference(AnalyticsService.class).getProperty("home");
    }

    /** The application's configurations that Config Admin still holds. */
    private int configurations() {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(|(service.pid=" + PID + ")(service.pid="
                    + PID + ".posthog~configurator))");
            return found == null ? 0 : found.length;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bundle with nothing but {@code json} at the Configurator's default path, and the extender requirement. */
    private static ByteArrayInputStream applicationBundle(String json) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "org.openjarvis.analytics.itest.configurator.application");
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        // The Configurator reads only bundles wired to it through this requirement.
        main.putValue(Constants.REQUIRE_CAPABILITY, "osgi.extender;filter:=\"(&(osgi.extender=osgi.configurator)"
                + "(version>=1.0)(!(version>=2.0)))\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry(JSON_PATH));
            jar.write(json.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
