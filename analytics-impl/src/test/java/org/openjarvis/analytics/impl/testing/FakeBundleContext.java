package org.openjarvis.analytics.impl.testing;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A {@link BundleContext} for unit tests: framework properties from a map, and services registered and unregistered
 * in a list. Every other method throws.
 */
public final class FakeBundleContext {

    /** A service as registered: the object and its properties. */
    public record Registered(Object service, Map<String, Object> properties) {
    }

    private final Map<String, String> properties;
    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final BundleContext context;

    public FakeBundleContext(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
        this.context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty":
                            return this.properties.get((String) args[0]);
                        case "registerService":
                            return register(args[1], (Dictionary<?, ?>) args[2]);
                        case "toString":
                            return "FakeBundleContext" + this.properties;
                        case "hashCode":
                            return System.identityHashCode(self);
                        case "equals":
                            return self == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    public BundleContext context() {
        return context;
    }

    /** The services registered and not unregistered yet, oldest first. */
    public List<Registered> registered() {
        return List.copyOf(registered);
    }

    private ServiceRegistration<?> register(Object service, Dictionary<?, ?> dictionary) {
        Map<String, Object> copy = new HashMap<>();
        if (dictionary != null) {
            for (Object key : Collections.list(dictionary.keys())) {
                copy.put((String) key, dictionary.get(key));
            }
        }
        Registered entry = new Registered(service, Map.copyOf(copy));
        registered.add(entry);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "unregister":
                            if (!registered.removeIf(r -> r == entry)) {
                                throw new IllegalStateException("already unregistered");
                            }
                            return null;
                        case "hashCode":
                            return System.identityHashCode(self);
                        case "equals":
                            return self == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
