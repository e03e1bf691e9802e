package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsCatalogue;
import org.openjarvis.analytics.api.AnalyticsEvent;
import org.openjarvis.analytics.api.CaptureResult;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectService;

/**
 * Bundles contribute event catalogues at run time: the example bundle, installed from its jar while analytics runs,
 * and catalogue-only bundles made here, which are malformed, take a name already in use or lack the requirement.
 */
class CatalogueExtenderIT extends AnalyticsTestSupport {

    private static final String EXAMPLE = "org.openjarvis.analytics.example";
    private static final String EXAMPLE_COMMANDS = EXAMPLE + ".NotesCommands";
    private static final String REQUIREMENT = AnalyticsCatalogue.EXTENDER_NAMESPACE + ";filter:=\"(&("
            + AnalyticsCatalogue.EXTENDER_NAMESPACE + "=" + AnalyticsCatalogue.EXTENDER + ")(version>=1.0)(!(version>=2.0)))\"";

    @InjectService
    LogReaderService logReader;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final LogListener listener = entry -> logged.add(entry.getLogLevel() + " " + entry.getMessage());
    private final List<Bundle> installed = new ArrayList<>();

    @BeforeEach
    void listen() {
        logReader.addLogListener(listener);
    }

    @AfterEach
    void uninstall() throws Exception {
        logReader.removeLogListener(listener);
        for (Bundle bundle : installed) {
            bundle.uninstall();
        }
    }

    @Test
    void theExampleBundleInstalledAtRunTimeHasItsEventsValidatedScreenedAndDelivered() throws Exception {
        RecordingSink sink = register(new RecordingSink(), "itest");
        assertThat(analytics().capture("note_exported", Map.of("format", "pdf"))).as("before the bundle")
                .isEqualTo(CaptureResult.UNKNOWN_EVENT);

        Bundle example = installExample();

        assertThat(command("export", "pdf", 12L, "letter")).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(command("export", "html", 3L, "Quarterly board report")).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(command("sync", "webdav", 850L)).isEqualTo(CaptureResult.ACCEPTED);
        assertThat(command("export", "docx", 1L, "plain")).as("a format outside the enum: format is required")
                .isEqualTo(CaptureResult.DROPPED_INCOMPLETE);
        assertThat(analytics().capture("note_exported", Map.of("format", "pdf", "pages", 0, "owner",
                "alice@example.com"))).as("the bad values are dropped, the event goes").isEqualTo(
                        CaptureResult.ACCEPTED);
        await(() -> sink.events().size() == 4, () -> "four events at the sink: " + sink.events());

        String catalogue = EXAMPLE + "/" + example.getVersion();
        assertThat(sink.events()).allSatisfy(event -> assertThat(event.catalogue()).contains(catalogue));
        assertThat(sink.events().get(0).properties()).containsExactly(Map.entry("format", "pdf"),
                Map.entry("pages", 12L), Map.entry("template", "letter"));
        // A user's own template is sent only as its hash: the 16 hex digits of SHA-256, not the name.
        assertThat(sink.events().get(1).properties().get("template")).asString().matches("[0-9a-f]{16}");
        assertThat(sink.events().get(2).properties()).containsOnly(Map.entry("provider", "webdav"),
                Map.entry("duration_ms", 850L), Map.entry("client_version", "2.4.1"));
        assertThat(sink.events().get(3).properties()).containsExactly(Map.entry("format", "pdf"));
        assertThat(analytics().status().counters()).containsEntry("dropped_incomplete", 1L);
        awaitLogged(line -> line.equals("INFO Analytics catalogue OSGI-INF/analytics/catalogue.json of bundle "
                + EXAMPLE + " " + example.getVersion() + " added: 2 events"), "the catalogue added");
    }

    @Test
    void stoppingTheBundleMakesItsEventsUnknownWhileThoseAlreadyAcceptedStillGoOut() throws Exception {
        Bundle example = installExample();
        CountDownLatch release = new CountDownLatch(1);
        List<AnalyticsEvent> delivered = new CopyOnWriteArrayList<>();
        register(event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(event);
        }, "held");
        for (int i = 0; i < 5; i++) {
            assertThat(analytics().capture("sync_completed", Map.of("provider", "s3", "duration_ms", i)))
                    .isEqualTo(CaptureResult.ACCEPTED);
        }

        example.stop();
        long unknownBefore = analytics().status().counters().get("dropped_unknown_event");
        assertThat(analytics().capture("sync_completed", Map.of("provider", "s3", "duration_ms", 9)))
                .isEqualTo(CaptureResult.UNKNOWN_EVENT);
        assertThat(analytics().status().counters().get("dropped_unknown_event")).isEqualTo(unknownBefore + 1);
        release.countDown();
        await(() -> delivered.size() == 5, () -> "the five events accepted before the stop: " + delivered);

        example.start();
        assertThat(analytics().capture("sync_completed", Map.of("provider", "s3", "duration_ms", 10)))
                .isEqualTo(CaptureResult.ACCEPTED);
        await(() -> delivered.size() == 6, "the event captured after the bundle started again");
        awaitLogged(line -> line.endsWith(EXAMPLE + " " + example.getVersion()
                + " removed: its 2 events are unknown until it starts again"), "the catalogue removed");
    }

    @Test
    void aBundleDeclaringAnEventNameInUseIsRefusedWholeWithALineNamingBothBundles() throws Exception {
        installExample();
        Bundle rival = installCatalogue("org.example.rival", REQUIREMENT, """
                {"events": {"coupon_used": {"type": "object"}, "note_exported": {"type": "object"}}}""");

        assertThat(analytics().capture("coupon_used", Map.of())).as("none of its events")
                .isEqualTo(CaptureResult.UNKNOWN_EVENT);
        assertThat(analytics().capture("note_exported", Map.of("format", "pdf"))).isEqualTo(CaptureResult.ACCEPTED);
        String expected = "ERROR Analytics catalogue OSGI-INF/analytics/catalogue.json of bundle org.example.rival "
                + rival.getVersion() + " refused: event note_exported is already declared by catalogue "
                + "OSGI-INF/analytics/catalogue.json of bundle " + EXAMPLE + " " + exampleVersion()
                + "; event names are unique across catalogues, so none of this catalogue's events is used";
        awaitLogged(expected::equals, "the refusal");
    }

    @Test
    void aMalformedCatalogueIsRefusedWithAMessageNamingTheBundleFileEventPropertyAndProblem() throws Exception {
        Bundle broken = installCatalogue("org.example.broken", REQUIREMENT, """
                {"events": {"upload_done": {"type": "object", "properties": {
                  "size": {"type": "integer", "minimum": "0"}, "kind": {"type": "string"}}}}}""");

        assertThat(analytics().capture("upload_done", Map.of("kind", "photo"))).as("refused whole")
                .isEqualTo(CaptureResult.UNKNOWN_EVENT);
        String expected = "ERROR Analytics catalogue OSGI-INF/analytics/catalogue.json of bundle org.example.broken "
                + broken.getVersion() + " refused: 1 problem: event \"upload_done\", property \"size\": minimum must "
                + "be a number";
        awaitLogged(expected::equals, "the refusal");
    }

    @Test
    void aCatalogueOfABundleThatDoesNotRequireTheExtenderIsNotUsedAndSaysHowToFixIt() throws Exception {
        installCatalogue("org.example.unwired", null, """
                {"events": {"page_printed": {"type": "object"}}}""");

        assertThat(analytics().capture("page_printed", Map.of())).isEqualTo(CaptureResult.UNKNOWN_EVENT);
        awaitLogged(line -> line.startsWith("WARN Analytics catalogue OSGI-INF/analytics/catalogue.json of bundle "
                + "org.example.unwired") && line.contains("does not require the capability"), "the warning");
    }

    @Test
    void aBundleNamingAFileItDoesNotHaveIsRefusedInOneLine() throws Exception {
        Bundle bundle = installBundle("org.example.missing", REQUIREMENT, "OSGI-INF/analytics/nothing.json", null);

        String expected = "ERROR Analytics catalogue OSGI-INF/analytics/nothing.json of bundle org.example.missing "
                + bundle.getVersion() + " refused: the bundle has no file at that path";
        awaitLogged(expected::equals, "the refusal");
    }

    // The log reader hands entries to listeners on its own thread.
    private void awaitLogged(Predicate<String> line, String what) {
        await(() -> logged.stream().anyMatch(line), () -> what + " in the log: " + logged);
    }

    private Bundle installExample() throws Exception {
        Bundle example = context.installBundle("file:" + context.getProperty("example.bundle"));
        installed.add(example);
        example.start();
        await(() -> context.getServiceReference(EXAMPLE_COMMANDS) != null, "the example's commands");
        return example;
    }

    private String exampleVersion() {
        return installed.stream().filter(b -> EXAMPLE.equals(b.getSymbolicName())).findFirst().orElseThrow()
                .getVersion().toString();
    }

    // Runs one of the example's commands, as the shell would: through its service, with reflection, because the
    // example's package is private to it.
    private CaptureResult command(String name, Object... arguments) throws Exception {
        ServiceReference<?> reference = context.getServiceReference(EXAMPLE_COMMANDS);
        Object commands = context.getService(reference);
        try {
            for (Method method : commands.getClass().getMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
                    return (CaptureResult) method.invoke(commands, arguments);
                }
            }
            throw new AssertionError("the example has no command " + name);
        } finally {
            context.ungetService(reference);
        }
    }

    private Bundle installCatalogue(String symbolicName, String requirement, String json) throws Exception {
        return installBundle(symbolicName, requirement, AnalyticsCatalogue.DEFAULT_FILE, json);
    }

    // A bundle with no code: a manifest and, unless null, a catalogue file.
    private Bundle installBundle(String symbolicName, String requirement, String header, String json)
            throws Exception {
        Bundle bundle = context.installBundle("itest:" + symbolicName, new ByteArrayInputStream(jar(symbolicName,
                requirement, header, json)));
        installed.add(bundle);
        bundle.start();
        return bundle;
    }

    private static byte[] jar(String symbolicName, String requirement, String header, String json)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue(AnalyticsCatalogue.HEADER, header);
        if (requirement != null) {
            main.putValue("Require-Capability", requirement);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            if (json != null) {
                jar.putNextEntry(new JarEntry(header));
                jar.write(json.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
