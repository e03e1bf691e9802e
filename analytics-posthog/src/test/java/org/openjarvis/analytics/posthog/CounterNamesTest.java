package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import okhttp3.OkHttpClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjarvis.analytics.common.status.Counters;
import org.openjarvis.analytics.impl.dispatch.Dispatcher;
import org.openjarvis.analytics.impl.dispatch.Limits;
import org.openjarvis.analytics.impl.file.FileSink;

/**
 * The rule for the names {@code analytics:status} shows: a total is {@code <verb>_<reason>} (a past participle, e.g.
 * {@code dropped_overflow}), a gauge a noun, and an event lost is counted under {@code dropped_<reason>} or
 * {@code discarded_<reason>}, its reason in the accounting. A sink's own names are shown beside its queue's, so no
 * sink may use one of the queue's names.
 */
class CounterNamesTest {

    // The counter enums of every module; package-private, so named here (the impl ones are in its packages).
    private static final List<String> COUNTER_ENUMS = List.of(
            "org.openjarvis.analytics.impl.service.ServiceCounter",
            "org.openjarvis.analytics.impl.dispatch.ChannelCounter",
            "org.openjarvis.analytics.impl.file.FileSinkCounter",
            "org.openjarvis.analytics.impl.session.SessionCounter",
            "org.openjarvis.analytics.posthog.PostHogCounter",
            "org.openjarvis.analytics.posthog.SpoolCounter");
    private static final Set<String> IRREGULAR_PARTICIPLES = Set.of("sent", "written");
    // Named before the rule and kept, so that users' scripts and dashboards keep working: the service's counts of
    // properties removed (by what was wrong with them) and the spool's count of files, not events, set aside.
    private static final Set<String> NAMED_BEFORE_THE_RULE = Set.of("properties_invalid", "properties_out_of_range",
            "properties_over_limit", "spool_corrupt_files");

    @TempDir
    Path directory;

    @Test
    void everyTotalNamesWhatHappenedAndEveryDropCounterItsReason() throws ClassNotFoundException {
        for (String type : COUNTER_ENUMS) {
            for (Enum<?> counter : (Enum<?>[]) Class.forName(type).getEnumConstants()) {
                String name = Counters.displayName(counter);
                assertThat(name).as(type).matches("[a-z]+(_[a-z0-9]+)*");
                if (NAMED_BEFORE_THE_RULE.contains(name)) {
                    continue;
                }
                assertThat(Arrays.stream(name.split("_")).anyMatch(CounterNamesTest::participle))
                        .as("%s in %s names what happened", name, type).isTrue();
                if (name.startsWith("dropped") || name.startsWith("discarded")) {
                    assertThat(Counters.dropReason(counter)).as("%s has a reason", name).isPresent();
                }
            }
        }
    }

    @Test
    void gaugesAreNounsAndNoSinkRepeatsANameOfItsQueue() {
        Set<String> channel = channelNames();
        Set<String> file = fileSinkNames();
        Set<String> postHog = postHogNames();

        assertThat(channel).contains("enqueued", "handed", "dropped_overflow", "pending", "pending_bytes");
        assertThat(file).contains("dropped_write_error").doesNotContainAnyElementsOf(channel);
        assertThat(postHog).contains("batched", "discarded_consent", "unsent", "spool_files")
                .doesNotContainAnyElementsOf(channel);
        for (String gauge : List.of("pending", "pending_bytes", "unsent", "spool_events", "spool_files",
                "spool_bytes")) {
            assertThat(Arrays.stream(gauge.split("_")).noneMatch(CounterNamesTest::participle)).as(gauge).isTrue();
        }
    }

    private static boolean participle(String word) {
        return word.endsWith("ed") || IRREGULAR_PARTICIPLES.contains(word);
    }

    // What the dispatcher shows for a sink that has no counters of its own.
    private static Set<String> channelNames() {
        Dispatcher dispatcher = new Dispatcher(new Limits(10, 1 << 20), event -> { });
        dispatcher.bind(event -> { }, "silent");
        try {
            return dispatcher.sinkStatuses().get(0).counters().keySet();
        } finally {
            dispatcher.close(Duration.ofSeconds(5));
        }
    }

    private Set<String> fileSinkNames() {
        FileSink sink = new FileSink(directory.resolve("events.jsonl"), 1 << 20, 1, (health, detail) -> { });
        try {
            return sink.status().counters().keySet();
        } finally {
            sink.close();
        }
    }

    private Set<String> postHogNames() {
        OkHttpClient client = new OkHttpClient.Builder().build();
        BatchSpool spool = new BatchSpool(directory.resolve("spool"), 10, 1 << 20, warning -> { });
        PostHogSink sink = new PostHogSink("names", PostHogEndpoint.of("http://127.0.0.1:9", false),
                "phc_test_not_a_real_key", new WireFormat("0.1.0", false),
                new PostHogSink.Limits(10, 1 << 20, 10, 10, 1 << 20, Duration.ofSeconds(10), 1),
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 1, Duration.ofHours(1), () -> 1.0),
                client, Clock.systemUTC(), "openjarvis-analytics-java/test", spool, event -> SpoolGate.Admission.SEND,
                warning -> { });
        try {
            return sink.status().counters().keySet();
        } finally {
            sink.close(Duration.ZERO);
        }
    }
}
