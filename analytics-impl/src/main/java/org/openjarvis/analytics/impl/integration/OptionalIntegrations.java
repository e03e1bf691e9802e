package org.openjarvis.analytics.impl.integration;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Enables each optional integration's component (declared disabled) if this bundle is wired to the package it
 * implements: the bundle imports those packages optionally, and a component whose class cannot be loaded would
 * otherwise fail, with an error in the log, as soon as something asked for its service. The Gogo functions are the
 * other way round: enabled unless Karaf's shell is wired, whose command extender then registers the Karaf actions
 * ({@code impl.karaf}, header {@code Karaf-Commands}) under the same names. The components are named as strings: a
 * class literal would load the class, and with it the missing interface. A package installed after this bundle
 * resolved is wired once the bundle is refreshed, which also runs this again.
 */
@Component(immediate = true, service = {})
public final class OptionalIntegrations {

    /** Each optional component, by its name (its class name), with the package it needs. */
    static final Map<String, String> COMPONENTS = Map.of(
            "org.openjarvis.analytics.impl.inventory.StatusPrinter", "org.apache.felix.inventory",
            "org.openjarvis.analytics.impl.health.SinkHealthCheck", "org.apache.felix.hc.api");

    /** Each component that another front end replaces, by its name, with the package of that front end. */
    static final Map<String, String> REPLACED_BY = Map.of(
            "org.openjarvis.analytics.impl.command.GogoCommands", "org.apache.karaf.shell.api.action");

    @Activate
    public OptionalIntegrations(ComponentContext context, @Reference(service = LoggerFactory.class) Logger logger) {
        Set<String> wired = wiredPackages(context.getBundleContext().getBundle().adapt(BundleWiring.class));
        for (String component : toEnable(wired)) {
            context.enableComponent(component);
        }
        COMPONENTS.forEach((component, needed) -> {
            if (!wired.contains(needed)) {
                logger.debug("{} is not wired: {} stays disabled", needed, component);
            }
        });
    }

    /** The optional components whose package is among {@code wired}, and the replaceable ones whose is not, sorted. */
    static List<String> toEnable(Set<String> wired) {
        return Stream.concat(
                COMPONENTS.entrySet().stream().filter(entry -> wired.contains(entry.getValue())),
                REPLACED_BY.entrySet().stream().filter(entry -> !wired.contains(entry.getValue())))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static Set<String> wiredPackages(BundleWiring wiring) {
        if (wiring == null) {
            return Set.of();
        }
        return wiring.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE).stream()
                .map(wire -> String.valueOf(wire.getCapability().getAttributes()
                        .get(BundleRevision.PACKAGE_NAMESPACE)))
                .collect(Collectors.toSet());
    }
}
