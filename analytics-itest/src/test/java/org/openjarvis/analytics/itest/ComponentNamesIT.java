package org.openjarvis.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectService;

/**
 * The component names users type ({@code scr:disable}, {@code scr:info}) and configure are stable, whatever the
 * classes behind them are called.
 */
class ComponentNamesIT extends AnalyticsTestSupport {

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void everyComponentAUserNamesHasItsStableName() {
        List<String> impl = names("org.openjarvis.analytics.impl");
        List<String> posthog = names("org.openjarvis.analytics.posthog");

        assertThat(impl).contains("org.openjarvis.analytics.service", "org.openjarvis.analytics.bridge",
                "org.openjarvis.analytics.sessions", "org.openjarvis.analytics.file",
                "org.openjarvis.analytics.commands", "org.openjarvis.analytics.catalogue");
        assertThat(posthog).contains("org.openjarvis.analytics.posthog");
    }

    private List<String> names(String symbolicName) {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
        return scr.getComponentDescriptionDTOs(bundle).stream().map((ComponentDescriptionDTO d) -> d.name).toList();
    }
}
