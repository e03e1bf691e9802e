package org.openjarvis.analytics.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The features in a real Karaf 4.4, as a user installs and operates them: from the KAR on a stock Karaf with no
 * Maven repository but its own system/ folder, configured through {@code etc/} and {@code config:*}, commanded from
 * the console, in batch mode and over ssh, and switched off and on in every supported way without a restart. The
 * steps build on each other, in order, in one container. Events are counted by uuid in the local file and at a
 * loopback PostHog stub: after each toggle the next event arrives exactly once, and nothing is duplicated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafIT {

    private static final String VERSION = System.getProperty("analytics.version");
    private static final String SERVICE_PID = "org.openjarvis.analytics";
    private static final String STUB_CFG = "org.openjarvis.analytics.posthog-stub.cfg";
    private static final String SERVICE_COMPONENT = "org.openjarvis.analytics.service";
    private static final String BRIDGE_HANDLER = "org.openjarvis.analytics.impl.bridge.BusEventHandler";
    private static final String PUBLISH = "analytics:publish org/openjarvis/analytics/CAPTURE event=feature_used "
            + "feature_name=chat";
    private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\":\"([0-9a-f-]{36})\"");
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    /** In Karaf's environment, for {@code $[env:POSTHOG_API_KEY]}. */
    private static final String ENV_KEY = "phc_karaf_env_placeholder_not_a_real_key";
    /** In {@code etc/posthog-api-key}, for {@code $[secret:posthog-api-key]}. */
    private static final String SECRET_KEY = "phc_karaf_secret_placeholder_not_a_real_key";

    private KarafContainer karaf;
    private BatchStub stub;
    private Path analyticsHome;
    private String stubCfg;

    @BeforeAll
    void startKarafAndStub() throws Exception {
        stub = new BatchStub();
        Path target = Path.of(System.getProperty("karaf.instance")).getParent();
        analyticsHome = target.resolve("karaf-analytics-home");
        KarafContainer.deleteRecursively(analyticsHome);
        // karaf.repo holds only the example bundle and its features repository (step 10); the rest comes from the KAR.
        karaf = KarafContainer.start(Path.of(System.getProperty("karaf.dist")),
                Path.of(System.getProperty("karaf.instance")), List.of(Path.of(System.getProperty("karaf.repo"))),
                Map.of("POSTHOG_API_KEY", ENV_KEY));
        stubCfg = "api.key = phc_karaf_itest_not_a_real_key\nhost = " + stub.url() + "\nflush.interval.ms = 60000\n";
    }

    @AfterAll
    void stopKarafAndStub() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
        stub.close();
    }

    @Test
    @Order(1)
    void theKarInstallsOfflineWithTheBridgeExemptFromTheTimeoutAndItsDataInsideTheInstance() throws IOException {
        Path eventAdminCfg = karaf.etc().resolve("org.apache.felix.eventadmin.impl.EventAdmin.cfg");
        assertThat(karaf.home().resolve("system/org/apache/felix/org.apache.felix.scr")).as("a stock Karaf 4.4.10")
                .doesNotExist();
        assertThat(eventAdminCfg).content().doesNotContain("IgnoreTimeout");

        Path kar = Path.of(System.getProperty("karaf.kar"));
        try (ZipFile archive = new ZipFile(kar.toFile())) {
            assertThat(archive.getEntry("META-INF/LICENSE")).as("the KAR's license").isNotNull();
            assertThat(archive.getEntry("META-INF/NOTICE")).as("the KAR's notice").isNotNull();
        }

        KarafContainer.Result installed = karaf.batch("kar:install " + kar.toUri());
        assertThat(installed.exitStatus()).as(installed.output()).isZero();
        assertThat(installed.output()).doesNotContainIgnoringCase("error");
        // The KAR installs openjarvis-analytics (and what it needs); PostHog is the administrator's choice.
        assertThat(karaf.run("feature:list -i")).containsPattern("openjarvis-analytics +\\|")
                .contains("openjarvis-analytics-core").doesNotContain("posthog");
        assertThat(karaf.run("feature:install openjarvis-analytics-posthog")).doesNotContainIgnoringCase("error");

        String bundles = karaf.run("bundle:list -t 0");
        for (String bundle : List.of("openjarvis-analytics API", "openjarvis-analytics implementation",
                "openjarvis-analytics PostHog sink", "com.squareup.okhttp3", "com.squareup.okio",
                "Kotlin OSGi Bundle", "Jackson-core", "Apache Felix Declarative Services")) {
            assertThat(bundles).containsPattern("Active +\\| +\\d+ \\| [^|]+\\| " + Pattern.quote(bundle));
        }
        // bundle:diag lists every bundle with a problem. Right after an install, Karaf's own SCR management bundle
        // may show a component waiting for the MBean server for a moment: wait for everything to settle.
        karaf.await("bundle:diag", String::isBlank, "bundle:diag to report no problem");
        assertThat(karaf.etc().resolve("org.openjarvis.analytics.cfg")).content().contains("#enabled = true")
                .contains("home = ${karaf.data}/openjarvis");
        assertThat(karaf.etc().resolve("org.openjarvis.analytics.file.cfg")).exists();
        assertThat(karaf.etc().resolve("org.openjarvis.analytics.posthog-cloud.cfg")).content()
                .contains("#api.key =");
        // Appended to Karaf's own EventAdmin configuration, which keeps its settings, in Config Admin and in etc/.
        assertThat(karaf.run("config:property-list -p org.apache.felix.eventadmin.impl.EventAdmin"))
                .contains("org.apache.felix.eventadmin.AddTimestamp = true")
                .contains("org.apache.felix.eventadmin.AddSubject = true")
                .contains("org.apache.felix.eventadmin.IgnoreTimeout = " + BRIDGE_HANDLER);
        assertThat(eventAdminCfg).content().containsPattern("org.apache.felix.eventadmin.AddTimestamp ?= ?true")
                .containsPattern("org.apache.felix.eventadmin.AddSubject ?= ?true")
                .contains("org.apache.felix.eventadmin.IgnoreTimeout = " + BRIDGE_HANDLER);
        // The anonymous id is made at once, in the instance's data/ folder, and never in the default home.
        assertThat(karaf.home().resolve("data/openjarvis/anon_id")).isRegularFile();
        assertThat(karaf.home().resolve("openjarvis-default-home")).doesNotExist();
        assertThat(karaf.run("analytics:status")).contains("  file  OK  (" + karaf.home().resolve(
                "data/openjarvis/analytics/events.jsonl") + ")");
        // The shipped PostHog configuration has no key: one line in the log, no error, nothing sent.
        assertThat(karaf.home().resolve("data/log/karaf.log")).content()
                .contains("org.openjarvis.analytics.posthog~cloud has no api.key");
    }

    @Test
    @Order(2)
    void theCommandsWorkAndEventsPostedOnEventAdminReachTheFileAndPostHog() throws IOException {
        karaf.run("config:property-set -p " + SERVICE_PID + " home " + analyticsHome);
        Files.writeString(karaf.etc().resolve(STUB_CFG), stubCfg);
        String status = awaitSinks(true);
        assertThat(status).contains("Analytics:    enabled").contains("Anonymous id: ")
                .doesNotContain("phc_karaf_itest_not_a_real_key");

        // Karaf's EventAdmin adds "subject" and "timestamp" to every event: they must not count as invalid.
        publishAndExpect(true);
        assertThat(karaf.run("analytics:status")).contains("properties_invalid=0")
                .contains("captured=1").contains("accepted=1 delivered=1 dropped=0 pending=0")
                .doesNotContain("not balanced");
        assertThat(stub.bodies().get(0)).contains("\"feature_name\":\"chat\"").doesNotContain("subject")
                .contains("\"api_key\":\"phc_karaf_itest_not_a_real_key\"");
        assertThat(karaf.run("analytics:tail 1")).contains("\"event\":\"feature_used\"");
    }

    @Test
    @Order(3)
    void stoppingAndStartingTheImplementationBundle() {
        // The event is still in the bridge's queue when the bundle stops: stopping delivers it, within its deadline.
        expectOneEvent(true, PUBLISH, "bundle:stop org.openjarvis.analytics.impl");
        karaf.run("bundle:start org.openjarvis.analytics.impl");
        awaitSinks(true);
        publishAndExpect(true);
    }

    @Test
    @Order(4)
    void stoppingAndStartingThePostHogBundle() {
        // Captured directly, so it is queued for every sink before the stop; not flushed, and the flush interval
        // is a minute: only the sink's close can send it.
        expectOneEvent(true, "analytics:capture feature_used feature_name=chat",
                "bundle:stop org.openjarvis.analytics.posthog");
        awaitSinks(false);
        publishAndExpect(false);
        karaf.run("bundle:start org.openjarvis.analytics.posthog");
        awaitSinks(true);
        publishAndExpect(true);
    }

    @Test
    @Order(5)
    void disablingAndEnablingTheServiceComponent() {
        karaf.run("scr:disable " + SERVICE_COMPONENT);
        // The commands need the service: they go away with it.
        karaf.await("analytics:status", out -> out.contains("Command not found"),
                "the service component to be disabled");
        karaf.run("scr:enable " + SERVICE_COMPONENT);
        awaitSinks(true);
        publishAndExpect(true);
    }

    @Test
    @Order(6)
    void turningAnalyticsOffAndOnThroughConfigAdmin() {
        karaf.run("config:property-set -p " + SERVICE_PID + " enabled false");
        karaf.await("analytics:status", out -> out.contains("Analytics:    disabled"), "analytics off");
        int fileBefore = fileUuids().size();
        int stubBefore = stub.uuids().size();
        karaf.run(PUBLISH, "analytics:flush");
        KarafContainer.sleep(Duration.ofSeconds(2)); // a wrongly accepted event would have been flushed by now
        assertThat(fileUuids()).hasSize(fileBefore);
        assertThat(stub.uuids()).hasSize(stubBefore);

        karaf.run("config:property-set -p " + SERVICE_PID + " enabled true");
        karaf.await("analytics:status", out -> out.contains("Analytics:    enabled"), "analytics on");
        awaitSinks(true);
        publishAndExpect(true);
    }

    @Test
    @Order(7)
    void deletingAndRecreatingThePostHogCfgFile() throws IOException {
        Files.delete(karaf.etc().resolve(STUB_CFG));
        awaitSinks(false);
        publishAndExpect(false);
        Files.writeString(karaf.etc().resolve(STUB_CFG), stubCfg);
        awaitSinks(true);
        publishAndExpect(true);
    }

    @Test
    @Order(8)
    void uninstallingLeavesNoAnalyticsThreadsAndKeepsEditedConfiguration() throws IOException {
        Path cfg = karaf.etc().resolve("org.openjarvis.analytics.cfg");
        Files.writeString(cfg, Files.readString(cfg) + "# edited by the test\n");

        karaf.run("feature:uninstall openjarvis-analytics-posthog", "feature:uninstall openjarvis-analytics");

        assertThat(karaf.run("bundle:list -t 0")).doesNotContain("openjarvis-analytics").doesNotContain("okhttp3");
        karaf.await("shell:threads --list", out -> !out.contains("openjarvis-analytics"),
                "no openjarvis-analytics thread left");
        karaf.run("feature:install openjarvis-analytics");
        assertThat(cfg).content().contains("# edited by the test");
        karaf.run("feature:uninstall openjarvis-analytics");
        assertThat(new HashSet<>(stub.uuids())).as("no event reached PostHog twice").hasSameSizeAs(stub.uuids());
    }

    /**
     * Karaf 4.4 starts the Config Admin interpolation plugin at start level 11, long before the features' bundles
     * (80), and reads secrets from {@code etc/} ({@code secretsdir} in {@code etc/config.properties}).
     */
    @Test
    @Order(9)
    void bothPlaceholderFormsDeliverTheKeyThatNoFileButItsSecretHolds() throws IOException {
        karaf.run("feature:install openjarvis-analytics", "feature:install openjarvis-analytics-posthog");
        Path secret = Files.writeString(karaf.etc().resolve("posthog-api-key"), SECRET_KEY + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String host = "host = " + stub.url() + "\n";
        Files.writeString(karaf.etc().resolve("org.openjarvis.analytics.posthog-env.cfg"),
                "api.key = $[env:POSTHOG_API_KEY]\n" + host);
        Files.writeString(karaf.etc().resolve("org.openjarvis.analytics.posthog-secret.cfg"),
                "api.key = $[secret:posthog-api-key]\n" + host);
        karaf.await("analytics:status", out -> out.contains("  posthog~env  OK")
                && out.contains("  posthog~secret  OK"), "both placeholder sinks");

        karaf.run("analytics:capture feature_used feature_name=chat", "analytics:flush");

        for (String key : List.of(ENV_KEY, SECRET_KEY)) {
            awaitCount(() -> (int) stub.bodies().stream().filter(body -> body.contains("\"api_key\":\"" + key
                    + "\"")).count(), 1, "batches sent with " + key);
        }
        // The configuration as Config Admin keeps it. config:list prints it as the plugins process it (Karaf 4.4
        // calls getProcessedProperties), where ListedKeyMask puts the placeholder back over the resolved key.
        assertThat(karaf.run("config:property-get -p org.openjarvis.analytics.posthog~env api.key",
                "config:property-get -p org.openjarvis.analytics.posthog~secret api.key").lines()
                .filter(line -> !line.isBlank()))
                .containsExactly("$[env:POSTHOG_API_KEY]", "$[secret:posthog-api-key]");
        String listed = karaf.run("config:list '(service.factoryPid=org.openjarvis.analytics.posthog)'");
        assertThat(listed).contains("api.key = $[env:POSTHOG_API_KEY]").contains("api.key = $[secret:posthog-api-key]")
                .doesNotContain(ENV_KEY).doesNotContain(SECRET_KEY);
        // etc/, data/ (Config Admin's files, the log) and everything else of the instance, and the analytics home.
        for (Path place : List.of(karaf.home(), analyticsHome)) {
            assertThat(filesContaining(place, ENV_KEY)).as(place.toString()).isEmpty();
            assertThat(filesContaining(place, SECRET_KEY)).as(place.toString())
                    .isEqualTo(place.equals(karaf.home()) ? List.of(secret) : List.of());
        }
        assertThat(filesContaining(karaf.home().resolve("data"), "$[env:POSTHOG_API_KEY]"))
                .as("Config Admin's own copy, with the placeholder").isNotEmpty();
    }

    @Test
    @Order(10)
    void theExampleCatalogueInstallsBesideTheFeaturesAndItsEventsReachTheFile() throws IOException {
        String output = karaf.run("feature:repo-add mvn:org.openjarvis.analytics/analytics-example/" + VERSION
                + "/xml/features", "feature:install openjarvis-analytics-example");
        assertThat(output).doesNotContainIgnoringCase("error");
        karaf.await("analytics:catalogue", out -> out.startsWith("2 catalogues, 19 events")
                && out.contains("org.openjarvis.analytics.example "), "the example's catalogue");
        Path events = analyticsHome.resolve("analytics").resolve("events.jsonl");
        int before = lines(events).size();

        karaf.run("example:export pdf 3 letter", "example:export html 2 'board minutes'", "analytics:flush");

        awaitCount(() -> lines(events).size(), before + 2, "the example's events in the file");
        List<String> written = lines(events).subList(before, before + 2);
        String catalogue = "\"$catalogue\":\"org.openjarvis.analytics.example/" + VERSION.replace('-', '.') + "\"";
        assertThat(written.get(0)).contains("\"event\":\"note_exported\"").contains("\"format\":\"pdf\"")
                .contains("\"template\":\"letter\"").contains(catalogue);
        assertThat(written.get(1)).contains("\"format\":\"html\"").contains(catalogue)
                .doesNotContain("board minutes").containsPattern("\"template\":\"[0-9a-f]{16}\"");

        karaf.run("feature:uninstall openjarvis-analytics-example");
        karaf.await("analytics:catalogue", out -> out.startsWith("1 catalogue, 17 events"),
                "the example's catalogue gone with its bundle");
    }

    @Test
    @Order(11)
    void theCommandsPrintInBatchModeOverSshAndInTheConsoleAndAFailureExitsNonZero() {
        KarafContainer.Result status = karaf.batch("analytics:status");
        assertThat(status.exitStatus()).as(status.output()).isZero();
        assertThat(status.output()).contains("Analytics:    enabled").contains("Catalogues:   1 catalogue, 17 events");
        KarafContainer.Result catalogue = karaf.exec("analytics:catalogue feature_used");
        assertThat(catalogue.exitStatus()).as(catalogue.output()).isZero();
        assertThat(catalogue.output()).startsWith("feature_used  (catalogue ").contains("feature_name  one of chat");

        KarafContainer.Result overSsh = karaf.ssh("analytics:status");
        assertThat(overSsh.exitStatus()).as(overSsh.output()).isZero();
        assertThat(overSsh.output()).contains("Analytics:    enabled").contains("  file  OK");

        KarafContainer.Result unknown = karaf.batch("analytics:capture nosuch_event");
        assertThat(unknown.exitStatus()).isEqualTo(1);
        assertThat(unknown.output()).contains("nosuch_event: UNKNOWN_EVENT");
        KarafContainer.Result badTimeout = karaf.exec("analytics:flush soon");
        assertThat(badTimeout.exitStatus()).isEqualTo(1);
        assertThat(badTimeout.output()).contains("timeout must be a whole number from 1");
        KarafContainer.Result failedOverSsh = karaf.ssh("analytics:catalogue nosuch_event");
        assertThat(failedOverSsh.exitStatus()).isEqualTo(1);
        assertThat(failedOverSsh.output()).contains("nosuch_event");
        KarafContainer.Result script = karaf.batch("analytics:flush", "analytics:capture nosuch_event",
                "analytics:status");
        assertThat(script.exitStatus()).as("a batch stops at its first failure").isEqualTo(1);
        assertThat(script.output()).contains("flushed").doesNotContain("Analytics:    enabled");

        // Karaf actions, with Karaf's help; the Gogo functions, which would register the same names, stay disabled.
        assertThat(karaf.exec("analytics:capture --help").output()).contains("SYNTAX")
                .contains("analytics:capture event [properties]");
        // (scr:list cannot show it here: a Gogo function of Felix SCR, it returns its table, which batch mode drops.)
        assertThat(karaf.run("bundle:services -p org.openjarvis.analytics.impl"))
                .contains("objectClass = [org.openjarvis.analytics.impl.command.AnalyticsCommands]")
                .doesNotContain("GogoCommands").doesNotContain("osgi.command.scope");

        // TAB completes an event name, a property name of that event, a topic and a PID, in Karaf's console.
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("analytics:catalogue feature_us\t\r", "feature_used  (catalogue ");
        typed.put("analytics:capture feature_used feat\tchat\r", "feature_used: ACCEPTED");
        typed.put("analytics:publish org/openjarvis/core/SESSION_E\t session_id=s1\r",
                "published org/openjarvis/core/SESSION_END");
        // Karaf's config:edit completes the PIDs; the edit then lists the file sink's configuration.
        typed.put("config:edit org.openjarvis.analytics.fi\t\rconfig:property-list\r",
                "etc/org.openjarvis.analytics.file.cfg");
        typed.put("config:cancel\r", "config:cancel");
        assertThat(karaf.console(typed)).doesNotContain("Error executing command");
    }

    @Test
    @Order(20)
    void theWebConsoleShowsTheStatusAndKarafsJmxTheMBean() throws Exception {
        // Pax Web on a free loopback port, configured before the feature brings it (its default is 0.0.0.0:8181).
        int httpPort = freePort();
        Files.writeString(karaf.etc().resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.enabled = true\n"
                + "org.osgi.service.http.port = " + httpPort + "\n"
                + "org.ops4j.pax.web.listening.addresses = 127.0.0.1\n"
                + "org.osgi.service.http.secure.enabled = false\n"
                + "javax.servlet.context.tempdir = ${karaf.data}/pax-web/tmp\n");
        karaf.await("config:list '(service.pid=org.ops4j.pax.web)'", out -> out.contains(" " + httpPort),
                "the Pax Web configuration");
        // The web console requires an HTTP whiteboard, which no feature it depends on brings.
        assertThat(karaf.run("feature:install pax-web-http-whiteboard webconsole"))
                .doesNotContainIgnoringCase("error");
        // Karaf's scr feature adds Felix Inventory beside the web console, and Karaf refreshes the implementation so
        // that its optional import is wired: its printer is then enabled.
        String status = karaf.await("analytics:status", out -> out.contains("Analytics:    enabled"),
                "analytics on");

        String text = awaitPage(httpPort, "/system/console/status-openjarvis-analytics.txt");
        for (String line : status.strip().split("\r?\n")) {
            if (line.startsWith("Analytics:") || line.startsWith("Counters:") || line.startsWith("Catalogues:")
                    || line.startsWith("Anonymous id:")) {
                assertThat(text).as("the page, for: " + line).contains(line.strip());
            }
        }
        assertThat(awaitPage(httpPort, "/system/console/status-openjarvis-analytics.json"))
                .contains("\"enabled\" : true").contains("\"captured\" : " + counters(status).get("captured"));
        assertThat(http(httpPort, "/system/console/status-openjarvis-analytics.txt", null).statusCode())
                .as("without credentials").isEqualTo(401);

        String management = Files.readString(karaf.etc().resolve("org.apache.karaf.management.cfg"));
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + setting(management, "rmiServerPort")
                + "/jndi/rmi://127.0.0.1:" + setting(management, "rmiRegistryPort") + "/karaf-root");
        try (JMXConnector connector = JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS,
                new String[] {"karaf", "karaf"}))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName("org.openjarvis.analytics:type=Analytics");
            Map<String, Long> counters = new HashMap<>();
            for (Object row : ((TabularData) server.getAttribute(name, "Counters")).values()) {
                counters.put((String) ((CompositeData) row).get("key"), (Long) ((CompositeData) row).get("value"));
            }
            // Nothing was captured since the status was read.
            assertThat(counters).isEqualTo(counters(karaf.run("analytics:status")))
                    .isEqualTo(counters(status));
            assertThat(server.getAttribute(name, "Enabled")).isEqualTo(true);
            assertThat((CompositeData[]) server.getAttribute(name, "Sinks"))
                    .anySatisfy(sink -> assertThat(sink.get("name")).isEqualTo("file"));
        }
    }

    /** The counters of the {@code Counters:} line of {@code analytics:status}. */
    private static Map<String, Long> counters(String status) {
        Map<String, Long> counters = new HashMap<>();
        String line = status.lines().filter(l -> l.startsWith("Counters:")).findFirst().orElseThrow(
                () -> new AssertionError("no Counters line in " + status));
        for (String counter : line.substring("Counters:".length()).strip().split(" ")) {
            counters.put(counter.substring(0, counter.indexOf('=')),
                    Long.parseLong(counter.substring(counter.indexOf('=') + 1)));
        }
        return counters;
    }

    /** A web console page as Karaf's administrator fetches it, once it answers 200. */
    private String awaitPage(int port, String path) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http(port, path, "karaf:karaf");
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = "HTTP " + response.statusCode() + "\n" + response.body();
            } catch (IOException e) {
                last = e.toString(); // not listening yet: Pax Web opens its connector after the install
            }
            KarafContainer.sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError("timed out waiting for " + path + "; last answer: " + last);
    }

    private static HttpResponse<String> http(int port, String path, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(
                    StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int setting(String cfg, String key) {
        Matcher matcher = Pattern.compile("(?m)^" + key + " *= *(\\d+)").matcher(cfg);
        assertThat(matcher.find()).as(key).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    // Waits until analytics:status lists the file sink, and the PostHog stub sink or not.
    private String awaitSinks(boolean withPostHog) {
        return karaf.await("analytics:status", out -> out.contains("  file  OK")
                && out.contains("  posthog~stub  ") == withPostHog, "the sinks (PostHog " + withPostHog + ")");
    }

    /** Publishes one event on EventAdmin, then flushes. */
    private void publishAndExpect(boolean atStub) {
        expectOneEvent(atStub, PUBLISH, "analytics:flush");
    }

    /**
     * Runs {@code commands}, which make one event, in one shell session. Waits until its uuid is in the file, and
     * at the stub if {@code atStub}, exactly once, and no other new uuid came along.
     */
    private void expectOneEvent(boolean atStub, String... commands) {
        List<String> fileBefore = fileUuids();
        List<String> stubBefore = stub.uuids();
        karaf.run(commands);
        int atStubCount = atStub ? 1 : 0;
        awaitCount(() -> fileUuids().size(), fileBefore.size() + 1, "events in the file");
        awaitCount(() -> stub.uuids().size(), stubBefore.size() + atStubCount, "events at the PostHog stub");
        List<String> fileNew = fileUuids().subList(fileBefore.size(), fileBefore.size() + 1);
        List<String> stubNew = stub.uuids().subList(stubBefore.size(), stubBefore.size() + atStubCount);
        assertThat(fileNew).noneMatch(fileBefore::contains);
        assertThat(stubNew).noneMatch(stubBefore::contains);
        if (atStub) {
            assertThat(stubNew).containsExactlyElementsOf(fileNew);
        }
    }

    private static void awaitCount(IntSupplier actual, int expected, String what) {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (actual.getAsInt() < expected && System.nanoTime() < deadline) {
            KarafContainer.sleep(Duration.ofMillis(200));
        }
        KarafContainer.sleep(Duration.ofMillis(500)); // a duplicate would arrive about now
        assertThat(actual.getAsInt()).as(what).isEqualTo(expected);
    }

    /** The regular files under {@code root} that contain {@code text}. */
    private static List<Path> filesContaining(Path root, String text) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> found = new ArrayList<>();
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try {
                    if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                        found.add(file);
                    }
                } catch (NoSuchFileException e) {
                    // Removed while walking (Karaf's temporary files): it held nothing any more.
                }
            }
            return found;
        }
    }

    private List<String> fileUuids() {
        Path file = analyticsHome.resolve("analytics/events.jsonl");
        List<String> uuids = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher matcher = UUID_FIELD.matcher(line);
                    if (matcher.find()) {
                        uuids.add(matcher.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return uuids;
    }
}
