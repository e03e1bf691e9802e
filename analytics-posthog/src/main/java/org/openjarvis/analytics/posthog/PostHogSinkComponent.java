package org.openjarvis.analytics.posthog;

import java.time.Clock;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

import org.openjarvis.analytics.api.AnalyticsService;
import org.openjarvis.analytics.api.AnalyticsSink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One PostHog sink per factory configuration. The component itself is not a service ({@code service = {}}): DS
 * would copy its configuration, API key included, into the service properties, where {@code service:list} and
 * {@code inspect cap service} print them. It registers its sink object itself, with non-secret properties only.
 *
 * <p>The configuration is read from the raw properties ({@link PostHogSettings#read}); {@link PostHogConfiguration}
 * only describes it for metatype. A configuration without {@code api.key} (such as the commented default that the
 * Karaf feature installs) is not an error: one warning line, and no sink. A bad value never fails activation, since
 * SCR would not try again when the configuration is fixed: every problem is logged, one line each, and
 *
 * <ul>
 * <li>without a running sink, none is started until a valid configuration arrives;</li>
 * <li>a running sink keeps its previous settings, its queue and its counters.</li>
 * </ul>
 *
 * A valid change replaces the sink: the old one is unregistered first, so that the dispatcher hands it what it
 * queued, and closed within its shutdown timeout. The same settings again replace it only if its key was refused,
 * which closes the circuit.
 *
 * <p>The {@link AnalyticsService} judges what the spool may send again ({@link SpoolGate#of}). It is an optional,
 * dynamic reference: the service binds the sinks, so a mandatory one would tie their lifecycles in a cycle. Without
 * it the spool is kept but not resent.
 */
@Component(name = PostHogSinkComponent.PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PostHogConfiguration.class, factory = true)
public final class PostHogSinkComponent {

    /** Factory configuration PID, and the component name. */
    public static final String PID = "org.openjarvis.analytics.posthog";

    private final BundleContext context;
    private final Logger logger;
    private PostHogSettings settings; // guarded by this; null while no sink runs
    private PostHogSink sink; // guarded by this
    private ServiceRegistration<AnalyticsSink> registration; // guarded by this
    private volatile AnalyticsService analytics; // null while there is none

    @Activate
    public PostHogSinkComponent(Map<String, Object> properties, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.context = context;
        this.logger = logger;
        synchronized (this) {
            apply(properties);
        }
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    synchronized void deactivate() {
        close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setAnalytics(AnalyticsService service) {
        analytics = service;
    }

    void unsetAnalytics(AnalyticsService service) {
        if (analytics == service) { // a dynamic reference may bind a new service before it unbinds the old
            analytics = null;
        }
    }

    private void apply(Map<String, Object> properties) {
        String pid = configurationPid(properties);
        PostHogSettings.Reading reading = PostHogSettings.read(pid, properties);
        if (reading.keyMissing()) {
            close();
            logger.warn("PostHog sink configuration {} has no api.key: it sends nothing until one is set", pid);
            return;
        }
        if (reading.settings().isEmpty()) {
            String outcome = sink == null ? "no PostHog sink runs until the configuration is fixed"
                    : "the PostHog sink keeps its previous settings";
            reading.problems().forEach(problem -> logger.error("{}; {}", problem, outcome));
            return;
        }
        PostHogSettings next = reading.settings().get();
        if (next.equals(settings) && !sink.keyRefused()) {
            return; // nothing changed: the same sink stays bound, with its queue and counters
        }
        close();
        open(next, "posthog~" + instanceName(pid, next));
    }

    private void open(PostHogSettings next, String name) {
        OkHttpClient client = httpClient(next);
        String version = context.getBundle().getVersion().toString();
        // Each sink spools into its own subdirectory, so that two configurations may share spool.dir.
        BatchSpool spool = next.spool().map(s -> new BatchSpool(s.directory().resolve(fileName(name)),
                s.maxFiles(), s.maxBytes(), logger::warn)).orElse(null);
        PostHogSink opened = new PostHogSink(name, next.endpoint(), next.apiKey(),
                new WireFormat(version, next.processPersonProfile()), next.limits(), next.retries().policy(),
                client, Clock.systemUTC(), WireFormat.LIB + "/" + version, spool, SpoolGate.of(() -> analytics),
                logger::warn);
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(AnalyticsSink.NAME_PROPERTY, name);
        serviceProperties.put("posthog.host", next.endpoint().batchUri().getHost());
        sink = opened;
        settings = next;
        registration = context.registerService(AnalyticsSink.class, opened, serviceProperties);
        if (next.endpoint().plainHttpToRemoteHost()) {
            logger.warn("PostHog sink {} sends to {} over plain http (allow.insecure.http=true): the project API key "
                    + "(key {}) and every event travel in clear text, readable and changeable by anything on the "
                    + "way to that host", name, next.endpoint().batchUri(), ApiKeys.mask(next.apiKey()));
        } else {
            logger.info("PostHog sink {} sends to {} (key {})", name, next.endpoint().batchUri(),
                    ApiKeys.mask(next.apiKey()));
        }
    }

    /**
     * The client a sink sends with: its timeouts, no redirects or silent retries, Nagle's algorithm off, and TLS set up
     * only for an https endpoint.
     */
    static OkHttpClient httpClient(PostHogSettings settings) {
        // A connection for each batch in flight stays open between bursts (OkHttp keeps 5 by default).
        ConnectionPool connections = new ConnectionPool(Math.max(5, settings.limits().maxInFlight()), 5,
                TimeUnit.MINUTES);
        OkHttpClient.Builder client = new OkHttpClient.Builder().connectionPool(connections)
                .socketFactory(new NoDelaySocketFactory()).connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout()).callTimeout(settings.callTimeout()).followRedirects(false)
                .followSslRedirects(false).retryOnConnectionFailure(false);
        if (!settings.endpoint().usesTls()) {
            // Without a TLS connection spec OkHttp does not set up the JDK's TLS context and trust store, a third of
            // a second of this component's activation that a plain-http endpoint never uses.
            client.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        return client.build();
    }

    private void close() {
        if (registration == null) {
            return;
        }
        registration.unregister(); // first, so the dispatcher hands over what it queued for us
        sink.close(settings.shutdownTimeout());
        registration = null;
        sink = null;
        settings = null;
    }

    private static String configurationPid(Map<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        return pid instanceof String ? (String) pid : PID;
    }

    private static String fileName(String sinkName) {
        return sinkName.replaceAll("[^A-Za-z0-9._~-]", "_");
    }

    // A factory configuration's PID is "<factory PID>~<name>" when created by name (FileInstall, Karaf).
    private static String instanceName(String pid, PostHogSettings settings) {
        if (pid.contains("~")) {
            return pid.substring(pid.indexOf('~') + 1);
        }
        return settings.endpoint().batchUri().getHost();
    }
}
