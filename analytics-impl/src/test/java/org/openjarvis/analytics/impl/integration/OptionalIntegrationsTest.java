package org.openjarvis.analytics.impl.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OptionalIntegrationsTest {

    private static final String GOGO = "org.openjarvis.analytics.impl.command.GogoCommands";

    @Test
    void onlyTheComponentsWhosePackageIsWiredAreEnabled() {
        assertThat(OptionalIntegrations.toEnable(Set.of("org.osgi.framework"))).containsExactly(GOGO);
        assertThat(OptionalIntegrations.toEnable(Set.of("org.apache.felix.inventory")))
                .containsExactly(GOGO, "org.openjarvis.analytics.impl.inventory.StatusPrinter");
        assertThat(OptionalIntegrations.toEnable(Set.of("org.apache.felix.inventory", "org.apache.felix.hc.api")))
                .containsExactly(GOGO, "org.openjarvis.analytics.impl.health.SinkHealthCheck",
                        "org.openjarvis.analytics.impl.inventory.StatusPrinter");
    }

    @Test
    void theGogoFunctionsStayDisabledWhereKarafsShellRegistersItsActions() {
        assertThat(OptionalIntegrations.toEnable(Set.of("org.apache.karaf.shell.api.action",
                "org.apache.felix.inventory"))).containsExactly("org.openjarvis.analytics.impl.inventory.StatusPrinter");
    }

    @Test
    void theReplacedComponentIsAClassOfThisBundle() {
        OptionalIntegrations.REPLACED_BY.keySet().forEach(name -> assertThat(load(name).getSimpleName())
                .isEqualTo(name.substring(name.lastIndexOf('.') + 1)));
    }

    /** The names are strings on purpose (see the class); this keeps them the real classes. */
    @Test
    void eachNameIsAClassImplementingAnInterfaceOfItsPackage() {
        OptionalIntegrations.COMPONENTS.forEach((name, needed) -> {
            Class<?> component = load(name);
            assertThat(Arrays.stream(component.getInterfaces()).map(Class::getPackageName)).as(name)
                    .contains(needed);
        });
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }
}
