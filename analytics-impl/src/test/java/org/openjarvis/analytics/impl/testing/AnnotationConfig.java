package org.openjarvis.analytics.impl.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds an instance of a DS component property type (an annotation interface) the way SCR does: each method
 * returns the configured value for its property name, else its default. Property names follow the DS mapping
 * ({@code backlog_capacity()} is {@code backlog.capacity}).
 */
public final class AnnotationConfig {

    private AnnotationConfig() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? type.getSimpleName() + properties
                        : method.invoke(properties, args);
            }
            String property = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            return properties.containsKey(property) ? properties.get(property) : method.getDefaultValue();
        });
        return type.cast(proxy);
    }

    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }
}
