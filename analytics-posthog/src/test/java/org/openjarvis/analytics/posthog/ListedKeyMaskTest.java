package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What an administrator lists never shows the resolved key; what the component receives is the key. */
class ListedKeyMaskTest {

    private static final String KEY = "phc_resolved_key_that_must_not_be_listed";
    private static final String PID = "org.openjarvis.analytics.posthog~cloud";

    @Test
    void aReadWithoutTargetShowsThePlaceholderAsStored() {
        Dictionary<String, Object> listed = processed(KEY);

        new ListedKeyMask(admin("$[env:POSTHOG_API_KEY]")).modifyConfiguration(null, listed);

        assertThat(listed.get("api.key")).isEqualTo("$[env:POSTHOG_API_KEY]");
    }

    @Test
    void aKeyStoredInClearIsMaskedWhenListed() {
        Dictionary<String, Object> listed = processed(KEY);

        new ListedKeyMask(admin(KEY)).modifyConfiguration(null, listed);

        assertThat(listed.get("api.key")).isEqualTo(ApiKeys.mask(KEY));
    }

    @Test
    void whatIsDeliveredToTheComponentAndOtherConfigurationsAreLeftAlone() {
        ServiceReference<?> component = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (self, method, args) -> null);
        Dictionary<String, Object> delivered = processed(KEY);
        Dictionary<String, Object> other = new Hashtable<>(Map.of("service.pid", "org.example", "api.key", KEY));

        ListedKeyMask mask = new ListedKeyMask(admin("$[env:POSTHOG_API_KEY]"));
        mask.modifyConfiguration(component, delivered);
        mask.modifyConfiguration(null, other);

        assertThat(delivered.get("api.key")).isEqualTo(KEY);
        assertThat(other.get("api.key")).isEqualTo(KEY);
    }

    @Test
    void aStoredConfigurationThatCannotBeReadMeansTheKeyIsMasked() {
        Dictionary<String, Object> listed = processed(KEY);
        ConfigurationAdmin failing = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (self, method, args) -> {
                    throw new java.io.IOException("unreadable");
                });

        new ListedKeyMask(failing).modifyConfiguration(null, listed);

        assertThat(listed.get("api.key")).isEqualTo(ApiKeys.mask(KEY));
    }

    private static Dictionary<String, Object> processed(String key) {
        return new Hashtable<>(Map.of("service.pid", PID, "service.factoryPid", PostHogSinkComponent.PID,
                "api.key", key));
    }

    // Config Admin holding the configuration with api.key as stored, before any plugin.
    private ConfigurationAdmin admin(String storedKey) {
        Configuration stored = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (self, method, args) -> method.getName().equals("getProperties")
                        ? new Hashtable<>(Map.of("service.pid", PID, "api.key", storedKey)) : null);
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (self, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        assertThat((String) args[0]).isEqualTo("(service.pid=" + PID + ")");
                        return new Configuration[] {stored};
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
