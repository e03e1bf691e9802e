package org.openjarvis.analytics.common.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class CountersTest {

    enum Sample {
        RECEIVED, DROPPED_OVERFLOW, DISCARDED_CONSENT, DROPPED_SPOOL_FULL, PENDING
    }

    private final Counters<Sample> counters = new Counters<>(Sample.class);

    @Test
    void theSnapshotNamesEveryConstantInLowerCaseInDeclarationOrder() {
        counters.increment(Sample.RECEIVED);
        counters.add(Sample.DROPPED_OVERFLOW, 3);

        assertThat(counters.snapshot()).containsExactly(
                entry("received", 1L),
                entry("dropped_overflow", 3L),
                entry("discarded_consent", 0L),
                entry("dropped_spool_full", 0L),
                entry("pending", 0L));
        assertThat(counters.get(Sample.DROPPED_OVERFLOW)).isEqualTo(3);
    }

    @Test
    void dropReasonsAreTheDropCountersWithoutTheirVerb() {
        counters.add(Sample.DISCARDED_CONSENT, 2);
        counters.increment(Sample.DROPPED_SPOOL_FULL);

        assertThat(counters.dropped(counters.snapshot())).containsExactly(
                entry("overflow", 0L),
                entry("consent", 2L),
                entry("spool_full", 1L));
    }

    @Test
    void onlyAVerbFollowedByAReasonMakesADropCounter() {
        assertThat(Counters.dropReason(Sample.DROPPED_OVERFLOW)).contains("overflow");
        assertThat(Counters.dropReason(Sample.RECEIVED)).isEmpty();
        assertThat(Counters.dropReason(Sample.PENDING)).isEmpty();
        assertThat(Counters.displayName(Sample.DISCARDED_CONSENT)).isEqualTo("discarded_consent");
    }

    @Test
    void dropReasonsFromASnapshotKeepItsNumbers() {
        counters.increment(Sample.DROPPED_OVERFLOW);
        var snapshot = counters.snapshot();
        counters.add(Sample.DROPPED_OVERFLOW, 5);

        assertThat(counters.dropped(snapshot)).containsEntry("overflow", 1L);
        assertThat(counters.dropped(counters.snapshot())).containsEntry("overflow", 6L);
    }
}
