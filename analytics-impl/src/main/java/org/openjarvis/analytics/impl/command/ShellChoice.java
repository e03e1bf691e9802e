package org.openjarvis.analytics.impl.command;

import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Picks the shell front end of the commands. Where this bundle is wired to Karaf's shell API (an optional import),
 * Karaf's command extender registers the actions of {@code impl.karaf}, named by the bundle's {@code Karaf-Commands}
 * header, and the Gogo functions stay disabled: Karaf would otherwise register both under the same names. Anywhere
 * else {@link GogoCommands} is enabled.
 */
@Component(immediate = true, service = {})
public final class ShellChoice {

    static final String KARAF_ACTIONS = "org.apache.karaf.shell.api.action";

    @Activate
    public ShellChoice(ComponentContext context) {
        if (!importsPackage(context.getBundleContext().getBundle().adapt(BundleWiring.class), KARAF_ACTIONS)) {
            context.enableComponent(GogoCommands.class.getName());
        }
    }

    /** Whether {@code wiring} imports {@code packageName} from another bundle. */
    static boolean importsPackage(BundleWiring wiring, String packageName) {
        return wiring != null && wiring.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE).stream().anyMatch(
                wire -> packageName.equals(wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)));
    }
}
