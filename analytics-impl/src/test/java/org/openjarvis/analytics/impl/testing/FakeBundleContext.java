package org.openjarvis.analytics.impl.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.osgi.framework.BundleContext;

/** A {@link BundleContext} for unit tests that answers {@code getProperty} from a map, and nothing else. */
public final class FakeBundleContext {

    private FakeBundleContext() {
    }

    /** A context whose framework properties are {@code properties}. */
    public static BundleContext withProperties(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty":
                            return properties.get((String) args[0]);
                        case "toString":
                            return "FakeBundleContext" + properties;
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
