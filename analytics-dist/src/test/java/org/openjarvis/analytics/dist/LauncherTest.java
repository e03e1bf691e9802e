package org.openjarvis.analytics.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.impl.bridge.BusEventHandler;

class LauncherTest {

    @Test
    void theEventAdminTimeoutExemptionNamesTheBridgesHandlerClass() {
        assertThat(Launcher.EVENT_HANDLER).isEqualTo(BusEventHandler.class.getName());
    }
}
