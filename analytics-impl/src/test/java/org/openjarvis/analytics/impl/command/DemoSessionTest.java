package org.openjarvis.analytics.impl.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjarvis.analytics.api.AnalyticsTopics;
import org.osgi.service.event.Event;

class DemoSessionTest {

    @Test
    void everyEventCarriesTheSessionsIdAndTheSessionEndsLast() {
        DemoSession session = DemoSession.start();

        assertThat(session.id()).startsWith("demo-");
        assertThat(session.events()).extracting(event -> event.getProperty(AnalyticsTopics.SESSION_ID))
                .containsOnly(session.id());
        assertThat(session.events()).extracting(Event::getTopic).containsExactly(AnalyticsTopics.INFERENCE_END,
                AnalyticsTopics.TOOL_CALL_END, AnalyticsTopics.INFERENCE_END, AnalyticsTopics.SESSION_END);
    }
}
