package org.openjarvis.analytics.impl.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BusEventHandlerTest {

    // Users copy this name into EventAdmin's IgnoreTimeout: a rename or move must fail here, not in their logs.
    @Test
    void theNameUsersExemptFromEventAdminsTimeoutIsTheOneTheKarafFeatureAppends() throws Exception {
        String feature = Files.readString(Path.of("..", "analytics-karaf", "src", "main", "feature", "feature.xml"));

        assertThat(BusEventHandler.class.getName()).isEqualTo("org.openjarvis.analytics.impl.bridge.BusEventHandler");
        assertThat(feature).contains("org.apache.felix.eventadmin.IgnoreTimeout = " + BusEventHandler.class.getName());
    }
}
