package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

class EmbeddedBundlesTest {

    @TempDir
    Path folder;

    /** What each install was given: its location and the bytes it read. */
    private final Map<String, String> installed = new ConcurrentHashMap<>();

    @Test
    void everyJarIsInstalledAndTheBundlesComeBackInNameOrderWhateverOrderTheyFinishIn() throws Exception {
        write("a.jar", "A");
        write("b.jar", "B");
        write("notes.txt", "not a bundle");
        CountDownLatch bInstalled = new CountDownLatch(1);

        List<Bundle> bundles = EmbeddedBundles.installFrom(context(location -> {
            if (location.endsWith("a.jar")) {
                // a.jar finishes after b.jar, on the other thread
                assertThat(bInstalled.await(30, TimeUnit.SECONDS)).as("b.jar installed beside a.jar").isTrue();
            } else {
                bInstalled.countDown();
            }
        }), folder, 2);

        assertThat(bundles).extracting(Bundle::getLocation).containsExactly("embedded:a.jar", "embedded:b.jar");
        assertThat(installed).containsOnly(Map.entry("embedded:a.jar", "A"), Map.entry("embedded:b.jar", "B"));
    }

    @Test
    void theFirstFailureInNameOrderIsThrownAsItIs() throws Exception {
        write("a.jar", "A");
        write("b.jar", "B");
        write("c.jar", "C");

        assertThatThrownBy(() -> EmbeddedBundles.installFrom(context(location -> {
            if (!location.endsWith("a.jar")) {
                throw new BundleException("no manifest in " + location);
            }
        }), folder, 2)).isInstanceOf(BundleException.class).hasMessage("no manifest in embedded:b.jar");
        assertThat(installed).containsOnlyKeys("embedded:a.jar");
    }

    private interface Install {
        void check(String location) throws Exception;
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    // A framework that runs check before each install and answers with a bundle that knows its location.
    private BundleContext context(Install check) {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    assertThat(method.getName()).isEqualTo("installBundle");
                    String location = (String) args[0];
                    check.check(location);
                    installed.put(location, new String(((InputStream) args[1]).readAllBytes(),
                            StandardCharsets.UTF_8));
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                            (bundle, call, none) -> location);
                });
    }
}
