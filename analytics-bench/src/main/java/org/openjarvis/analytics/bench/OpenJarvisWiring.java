package org.openjarvis.analytics.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjarvis.analytics.api.AnalyticsSink;
import org.openjarvis.analytics.impl.catalogue.CatalogueException;
import org.openjarvis.analytics.impl.catalogue.CatalogueOrigin;
import org.openjarvis.analytics.impl.catalogue.CatalogueRegistry;
import org.openjarvis.analytics.impl.catalogue.Catalogues;
import org.openjarvis.analytics.impl.catalogue.EventCatalogue;
import org.openjarvis.analytics.impl.catalogue.SchemaCompiler;
import org.openjarvis.analytics.posthog.PostHogSinkComponent;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

/**
 * Does outside a framework what SCR does inside one, for our components: configuration objects from property
 * maps, a bundle context that hands the registered sink over, and the lifecycle methods. Only the wiring is
 * stand-in; every class that handles events is the shipped one.
 */
final class OpenJarvisWiring {

    /** The PostHog sink component and the sink it registered. */
    record PostHogSink(PostHogSinkComponent component, AnalyticsSink sink, List<Runnable> onUnregister) {
        void deactivate() {
            invoke(component, "deactivate");
        }
    }

    /**
     * {@code -Dbench.openjarvis.queue=N}: every queue sized for N events (and 1 GiB) instead of the defaults, for the
     * throughput run that must keep a whole burst.
     */
    static final Integer QUEUE = Integer.getInteger("bench.openjarvis.queue");
    /**
     * {@code -Dbench.openjarvis.posthog.NAME=VALUE}: the PostHog sink's property NAME, as a {@code .cfg} file would
     * set it (for example {@code -Dbench.openjarvis.posthog.max.in.flight=1}).
     */
    static final String POSTHOG_PROPERTY = "bench.openjarvis.posthog.";

    /**
     * {@code -Dbench.openjarvis.screen=reference}: the service's {@code privacy.screen}, so that a run with the
     * reference's redaction alone shows what the strict screen adds to a capture.
     */
    static final String SCREEN = System.getProperty("bench.openjarvis.screen", "strict");

    private OpenJarvisWiring() {
    }

    static PostHogSink posthog(String url) {
        List<AnalyticsSink> registered = new ArrayList<>();
        List<Runnable> onUnregister = new ArrayList<>();
        Map<String, Object> properties = new HashMap<>(Map.of("api.key", BenchClient.KEY, "host", url));
        if (QUEUE != null) {
            properties.putAll(Map.of("queue.capacity", QUEUE, "queue.max.bytes", 1L << 30));
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(POSTHOG_PROPERTY)) {
                properties.put(name.substring(POSTHOG_PROPERTY.length()), System.getProperty(name));
            }
        }
        properties.put("service.pid", PostHogSinkComponent.PID + "~bench");
        PostHogSinkComponent component = new PostHogSinkComponent(properties, context(registered, onUnregister),
                silentLogger());
        return new PostHogSink(component, registered.get(0), onUnregister);
    }

    /** An instance of a DS component property type: each method answers its property, else its default. */
    static <A> A config(Class<A> type, Map<String, Object> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? type.getSimpleName() : method.invoke(properties, args);
            }
            String property = method.getName().replace('_', '.');
            return properties.containsKey(property) ? properties.get(property) : method.getDefaultValue();
        }));
    }

    static Logger silentLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (self, method, args) -> method.getReturnType() == boolean.class ? false : null);
    }

    /**
     * The catalogues the extender would hold: OpenJarvis's, and a contributed one declaring
     * {@link BenchEvent#CONTRIBUTED_NAME}, compiled by the same code from {@code bench-catalogue.json}.
     */
    static Catalogues catalogues() {
        try (InputStream contributed = OpenJarvisWiring.class.getResourceAsStream("/bench-catalogue.json")) {
            return CatalogueRegistry.of(EventCatalogue.load(new CatalogueOrigin(1, EventCatalogue.BUNDLE, "0.1.0",
                    EventCatalogue.RESOURCE)), SchemaCompiler.compile(new CatalogueOrigin(2, "org.example.bench",
                            "1.0.0", "bench-catalogue.json"), contributed.readAllBytes()));
        } catch (CatalogueException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls a lifecycle or bind method that SCR would call (they are not public). */
    static Object invoke(Object target, String name, Object... args) {
        for (Method method : target.getClass().getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                try {
                    method.setAccessible(true);
                    return method.invoke(target, args);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(name, e);
                }
            }
        }
        throw new IllegalArgumentException(target.getClass() + " has no " + name);
    }

    /** A bundle context with no framework properties, for a component that registers nothing. */
    static BundleContext context() {
        return context(new ArrayList<>(), new ArrayList<>());
    }

    private static BundleContext context(List<AnalyticsSink> registered, List<Runnable> onUnregister) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (self, method, args) -> method.getName().equals("getVersion") ? new Version(0, 1, 0) : null);
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                ServiceRegistration.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (self, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        onUnregister.forEach(Runnable::run);
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "getBundle":
                            return bundle;
                        case "registerService":
                            registered.add((AnalyticsSink) args[1]);
                            return registration;
                        case "getProperty":
                            return null; // no framework properties: the benchmarks configure "home" themselves
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    static Map<String, Object> properties(String name) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AnalyticsSink.NAME_PROPERTY, name);
        return properties;
    }
}
