package org.openjarvis.analytics.posthog;

import java.io.IOException;
import java.util.Dictionary;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps the resolved API key out of what an administrator lists. Config Admin passes a configuration through its
 * plugins also when it is only read (Karaf's {@code config:list}, a web console), with no service to deliver it to;
 * the interpolation plugin (ranked 500) has then just resolved {@code $[env:…]} or {@code $[secret:…]}, and the key
 * would be printed. Ranked after it, this plugin puts back, for such reads only, the placeholder as it is stored, or
 * masks a key stored in clear. What the PostHog component receives is left alone.
 */
@Component(property = ConfigurationPlugin.CM_RANKING + ":Integer=" + ListedKeyMask.RANKING)
public final class ListedKeyMask implements ConfigurationPlugin {

    /** After the interpolation plugin's 500, within the range where plugins may change what they are given. */
    static final int RANKING = 600;

    private final ConfigurationAdmin admin;

    @Activate
    public ListedKeyMask(@Reference ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> target, Dictionary<String, Object> properties) {
        Object key = properties.get("api.key");
        if (target != null || key == null || !PostHogSinkComponent.PID.equals(
                properties.get(ConfigurationAdmin.SERVICE_FACTORYPID))) {
            return;
        }
        Object stored = stored(properties.get(Constants.SERVICE_PID));
        properties.put("api.key", stored instanceof String && ((String) stored).contains("$[") ? stored
                : ApiKeys.mask(String.valueOf(key)));
    }

    // The key as Config Admin keeps it, before any plugin; null if it cannot be read.
    private Object stored(Object pid) {
        if (!(pid instanceof String)) {
            return null;
        }
        try {
            Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "="
                    + ((String) pid).replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(")
                            .replace(")", "\\)") + ")");
            Dictionary<String, Object> raw = found == null || found.length == 0 ? null : found[0].getProperties();
            return raw == null ? null : raw.get("api.key");
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            return null; // the key is masked instead
        }
    }
}
