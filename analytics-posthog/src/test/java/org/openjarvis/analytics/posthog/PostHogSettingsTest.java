package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PostHogSettingsTest {

    private static final String KEY = "phc_test_not_a_real_key_0123";
    private static final String PID = PostHogSinkComponent.PID + "~test";

    @Test
    void anAbsentPropertyIsTheDefaultThatTheMetatypeDeclares() throws Exception {
        Map<String, Object> declared = new HashMap<>(Map.of("api.key", KEY));
        for (Method attribute : PostHogConfiguration.class.getDeclaredMethods()) {
            Object value = attribute.getDefaultValue();
            if (value != null && !attribute.getName().startsWith("webconsole")) {
                declared.put(attribute.getName().replace('_', '.'), value);
            }
        }
        assertThat(declared).hasSize(PostHogConfiguration.class.getDeclaredMethods().length - 1);

        PostHogSettings defaults = PostHogSettings.read(PID, Map.of("api.key", KEY)).settings().orElseThrow();

        assertThat(PostHogSettings.read(PID, declared).settings()).contains(defaults);
        assertThat(defaults.endpoint().batchUri()).hasToString("https://us.i.posthog.com/batch/");
        assertThat(defaults.spool()).isEmpty();
    }

    @Test
    void textFromACfgFileReadsLikeTypedValues() {
        PostHogSettings typed = PostHogSettings.read(PID, Map.of("api.key", KEY, "batch.size", 7, "queue.max.bytes",
                2_000_000L, "allow.insecure.http", true, "host", "http://posthog.internal", "spool.dir", "/var/spool/x",
                "shutdown.timeout.ms", 0L)).settings().orElseThrow();
        PostHogSettings text = PostHogSettings.read(PID, Map.of("api.key", " " + KEY + " ", "batch.size", "7",
                "queue.max.bytes", " 2000000", "allow.insecure.http", "TRUE", "host", "http://posthog.internal/",
                "spool.dir", "/var/spool/./x/", "shutdown.timeout.ms", "0")).settings().orElseThrow();

        assertThat(text).isEqualTo(typed);
        assertThat(text.apiKey()).isEqualTo(KEY);
        assertThat(text.endpoint().plainHttpToRemoteHost()).isTrue();
    }

    @Test
    void batchMaxEventsIsAThousandByDefaultAndRefusedBelowBatchSizeOrAboveTenThousand() {
        assertThat(PostHogSettings.read(PID, Map.of("api.key", KEY)).settings().orElseThrow().limits()
                .batchMaxEvents()).isEqualTo(1_000);
        assertThat(PostHogSettings.read(PID, Map.of("api.key", KEY, "batch.size", "50", "batch.max.events", "50"))
                .settings().orElseThrow().limits().batchMaxEvents()).isEqualTo(50);

        assertThat(PostHogSettings.read(PID, Map.of("api.key", KEY, "batch.size", 200, "batch.max.events", 150))
                .problems()).containsExactly("Configuration " + PID
                        + ": batch.max.events must be at least batch.size (200), got 150");
        assertThat(PostHogSettings.read(PID, Map.of("api.key", KEY, "batch.max.events", 10_001)).problems())
                .containsExactly("Configuration " + PID
                        + ": batch.max.events must be a whole number from 1 to 10000, got 10001");
    }

    @Test
    void maxInFlightIsFourByDefaultAndRefusedOutsideOneToSixteen() {
        assertThat(PostHogSettings.read(PID, Map.of("api.key", KEY)).settings().orElseThrow().limits()
                .maxInFlight()).isEqualTo(4);
        assertThat(PostHogSettings.read(PID, Map.of("api.key", KEY, "max.in.flight", "1")).settings().orElseThrow()
                .limits().maxInFlight()).isEqualTo(1);

        for (Object bad : new Object[] {0, 17, -1, "four", 2.5}) {
            assertThat(PostHogSettings.read(PID, Map.of("api.key", KEY, "max.in.flight", bad)).problems())
                    .as("%s", bad).singleElement().asString()
                    .startsWith("Configuration " + PID + ": max.in.flight must be a whole number from 1 to 16");
        }
    }

    @Test
    void theSettingsNeverPrintTheKey() {
        PostHogSettings settings = PostHogSettings.read(PID, Map.of("api.key", KEY)).settings().orElseThrow();

        assertThat(settings.toString()).doesNotContain(KEY).contains("****0123");
    }

    @Test
    void withoutAKeyThereAreNoSettingsAndNoProblems() {
        assertThat(PostHogSettings.read(PID, Map.of("batch.size", "abc"))).satisfies(reading -> {
            assertThat(reading.keyMissing()).isTrue();
            assertThat(reading.settings()).isEmpty();
            assertThat(reading.problems()).isEmpty();
        });
    }
}
