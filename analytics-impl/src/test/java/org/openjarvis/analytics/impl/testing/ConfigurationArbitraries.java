package org.openjarvis.analytics.impl.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated configurations for a DS property type: each property is absent (its default) or holds a value of its
 * type that may be anything, extremes and garbage included, as Config Admin could hand it over after SCR's type
 * conversion.
 */
public final class ConfigurationArbitraries {

    private static final Object ABSENT = new Object();

    private ConfigurationArbitraries() {
    }

    /**
     * @param strings where a property needs strings of its own (paths kept inside a test folder), by property name
     */
    public static Arbitrary<Map<String, Object>> of(Class<?> type, Map<String, Arbitrary<String>> strings) {
        List<Method> methods = Arrays.stream(type.getDeclaredMethods())
                .sorted(Comparator.comparing(Method::getName)).toList();
        List<Arbitrary<Object>> values = new ArrayList<>();
        for (Method method : methods) {
            String property = propertyName(method);
            values.add(Arbitraries.oneOf(Arbitraries.just(ABSENT), valueOf(method.getReturnType(),
                    Optional.ofNullable(strings.get(property)).orElse(garbageStrings()))));
        }
        return combine(methods, values);
    }

    /**
     * Generated raw configurations, as Config Admin may hold them before anyone converts them: each property is
     * absent, a value of its type, that value's text (as a {@code .cfg} file gives it), other text (typos, huge
     * numbers, words), several values, or an object of an unrelated type. A property given its own strings (paths
     * kept inside a test folder) only gets those, several of them, or an object that is no text at all, so that no
     * test writes outside its folder.
     */
    public static Arbitrary<Map<String, Object>> raw(Class<?> type, Map<String, Arbitrary<String>> strings) {
        List<Method> methods = Arrays.stream(type.getDeclaredMethods())
                .sorted(Comparator.comparing(Method::getName)).toList();
        List<Arbitrary<Object>> values = new ArrayList<>();
        for (Method method : methods) {
            Arbitrary<String> own = strings.get(propertyName(method));
            if (own != null) {
                values.add(Arbitraries.oneOf(Arbitraries.just(ABSENT), own.map(text -> (Object) text),
                        own.list().ofMinSize(2).ofMaxSize(3).map(list -> (Object) list),
                        Arbitraries.of(new Object(), List.of())));
                continue;
            }
            Arbitrary<Object> typed = valueOf(method.getReturnType(), garbageStrings());
            values.add(Arbitraries.oneOf(Arbitraries.just(ABSENT), typed, typed.map(String::valueOf),
                    garbageStrings().map(text -> (Object) text),
                    Arbitraries.of("10000O", "lots", "12345678901234567890", "-0", "+5", " 7 ", "1.5", "TRUE",
                            "maybe", "").map(text -> (Object) text),
                    typed.list().ofMinSize(2).ofMaxSize(3).map(list -> (Object) list),
                    Arbitraries.of(new Object(), 2.5, Double.NaN, List.of(), new int[] {1})));
        }
        return combine(methods, values);
    }

    // One configuration of the values generated per property; ABSENT leaves a property out.
    private static Arbitrary<Map<String, Object>> combine(List<Method> methods, List<Arbitrary<Object>> values) {
        return Combinators.combine(values).as(generated -> {
            Map<String, Object> properties = new HashMap<>();
            for (int i = 0; i < methods.size(); i++) {
                if (generated.get(i) != ABSENT) {
                    properties.put(propertyName(methods.get(i)), generated.get(i));
                }
            }
            return properties;
        });
    }

    /** Names of the properties of a DS property type, as the DS mapping derives them. */
    public static List<String> propertyNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).map(ConfigurationArbitraries::propertyName).toList();
    }

    private static String propertyName(Method method) {
        return method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static Arbitrary<Object> valueOf(Class<?> type, Arbitrary<String> strings) {
        Function<Arbitrary<?>, Arbitrary<Object>> widen = arbitrary -> arbitrary.map(value -> (Object) value);
        if (type == long.class) {
            return widen.apply(Arbitraries.longs());
        }
        if (type == int.class) {
            return widen.apply(Arbitraries.integers());
        }
        if (type == boolean.class) {
            return widen.apply(Arbitraries.of(true, false));
        }
        if (type == String.class) {
            return widen.apply(strings);
        }
        if (type == String[].class) {
            return widen.apply(strings.array(String[].class).ofMaxSize(3));
        }
        throw new IllegalArgumentException("no generator for " + type);
    }

    private static Arbitrary<String> garbageStrings() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.of("", " ", "\u0000", "null", "-1", "1e309", "http://", "https://", "ftp://x",
                        "https://user:pass@example.com", "http://10.0.0.1", "\ud800"));
    }
}
