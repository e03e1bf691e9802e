package org.openjarvis.analytics.posthog;

import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import okhttp3.OkHttpClient;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One PostHog sink per factory configuration. The component itself is not a service ({@code service = {}}): DS
 * would copy its configuration, API key included, into the service properties, where {@code service:list} and
 * {@code inspect cap service} print them. It registers its sink object itself, with non-secret properties only.
 * A configuration change re-creates the sink, which also closes a circuit opened by a refused key.
 *
 * <p>A configuration without {@code api.key} (such as the commented default that the Karaf feature installs) is
 * not an error: the component logs one line and registers nothing, so nothing is sent. Any other bad value fails
 * the activation with a message naming the property.
 */
@Component(service = {}, configurationPid = PostHogSinkComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PostHogConfiguration.class, factory = true)
public final class PostHogSinkComponent {

    /** Factory configuration PID. */
    public static final String PID = "org.openjarvis.analytics.posthog";

    private final PostHogSink sink; // null while no api.key is configured
    private final Duration shutdownTimeout;
    private final ServiceRegistration<AnalyticsSink> registration; // null while no api.key is configured

    @Activate
    public PostHogSinkComponent(PostHogConfiguration config, Map<String, Object> properties, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger logger) {
        if (config.api_key() == null || config.api_key().isBlank()) {
            logger.warn("PostHog sink configuration {} has no api.key: it sends nothing until one is set",
                    properties.get(Constants.SERVICE_PID));
            this.sink = null;
            this.shutdownTimeout = Duration.ZERO;
            this.registration = null;
            return;
        }
        PostHogSettings settings = PostHogSettings.from(config);
        String name = "posthog~" + instanceName(properties, settings);
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout()).callTimeout(settings.callTimeout()).followRedirects(false)
                .followSslRedirects(false).retryOnConnectionFailure(false).build();
        String version = context.getBundle().getVersion().toString();
        // Each sink spools into its own subdirectory, so that two configurations may share spool.dir.
        BatchSpool spool = settings.spool().map(s -> new BatchSpool(s.directory().resolve(fileName(name)),
                s.maxFiles(), s.maxBytes(), logger::warn)).orElse(null);
        this.sink = new PostHogSink(name, settings.endpoint(), settings.apiKey(),
                new WireFormat(version, settings.processPersonProfile()), settings.limits(), settings.retries(),
                client, Clock.systemUTC(), WireFormat.LIB + "/" + version, spool, logger::warn);
        this.shutdownTimeout = settings.shutdownTimeout();
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(AnalyticsSink.NAME_PROPERTY, name);
        serviceProperties.put("posthog.host", settings.endpoint().batchUri().getHost());
        this.registration = context.registerService(AnalyticsSink.class, sink, serviceProperties);
        logger.info("PostHog sink {} sends to {} (key {})", name, settings.endpoint().batchUri(),
                ApiKeys.mask(settings.apiKey()));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister(); // first, so the dispatcher hands over what it queued for us
            sink.close(shutdownTimeout);
        }
    }

    private static String fileName(String sinkName) {
        return sinkName.replaceAll("[^A-Za-z0-9._~-]", "_");
    }

    // A factory configuration's PID is "<factory PID>~<name>" when created by name (FileInstall, Karaf).
    private static String instanceName(Map<String, Object> properties, PostHogSettings settings) {
        Object pid = properties.get(Constants.SERVICE_PID);
        if (pid instanceof String && ((String) pid).contains("~")) {
            return ((String) pid).substring(((String) pid).indexOf('~') + 1);
        }
        return settings.endpoint().batchUri().getHost();
    }
}
