package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Outside Karaf, the commands are Gogo functions: the implementation bundle resolves without Karaf's shell (its
 * Karaf actions are optional imports) and enables its Gogo front end.
 */
class GogoFunctionsIT extends AnalyticsTestSupport {

    @Test
    void withoutKarafTheCommandsAreRegisteredAsGogoFunctions() {
        await(() -> gogoFunctions() != null, () -> "the Gogo functions of scope analytics");

        ServiceReference<?> functions = gogoFunctions();
        assertThat((String[]) functions.getProperty("objectClass"))
                .containsExactly("org.openjarvis.analytics.impl.command.GogoCommands");
        assertThat((String[]) functions.getProperty("osgi.command.function")).containsExactlyInAnyOrder(
                "status", "enable", "disable", "capture", "publish", "flush", "resetid", "tail", "catalogue", "demo");
        assertThat(functions.getBundle().getHeaders().get("Karaf-Commands"))
                .isEqualTo("org.openjarvis.analytics.impl.karaf");
    }

    private ServiceReference<?> gogoFunctions() {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null,
                    "(osgi.command.scope=analytics)");
            return references == null ? null : references[0];
        } catch (InvalidSyntaxException e) {
            throw new AssertionError("the filter is a constant", e);
        }
    }
}
