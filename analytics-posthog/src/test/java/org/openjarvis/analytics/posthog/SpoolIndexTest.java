package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SpoolIndexTest {

    private final SpoolIndex index = new SpoolIndex();

    @Test
    void filesAddUpToTheTotalsAndForgettingOneGivesBackItsShare() {
        index.add(1, 100, 3);
        index.add(2, 50, 2);

        assertThat(index.files()).isEqualTo(2);
        assertThat(index.bytes()).isEqualTo(150);
        assertThat(index.events()).isEqualTo(5);
        assertThat(index.oldest()).isEqualTo(1);

        assertThat(index.forget(1)).isEqualTo(3);
        assertThat(index.forget(1)).as("not indexed any more").isZero();
        assertThat(index.bytes()).isEqualTo(50);
        assertThat(index.events()).isEqualTo(2);
        assertThat(index.oldest()).isEqualTo(2);
    }

    @Test
    void aFileOfAnEarlierRunCountsItsEventsOnceWhenFirstRead() {
        index.addUncounted(7, 80);
        assertThat(index.counted(7)).isFalse();
        assertThat(index.events()).isZero();
        assertThat(index.forget(7)).as("never counted").isZero();

        index.addUncounted(7, 80);
        assertThat(index.count(7, 4)).as("recovered now").isEqualTo(4);
        assertThat(index.count(7, 4)).as("already counted").isZero();
        assertThat(index.events()).isEqualTo(4);
        assertThat(index.bytes()).isEqualTo(80);
    }

    @Test
    void sequenceNumbersFollowEveryFileAndAreNeverGivenTwice() {
        index.addUncounted(41, 10);
        assertThat(index.nextSequence()).isEqualTo(42);

        index.forget(41);
        assertThat(index.nextSequence()).as("even once its file is gone").isEqualTo(43);
    }

    @Test
    void theFileCheckedOutLeavesTheEventsUntilItIsCheckedIn() {
        index.add(1, 100, 3);
        index.add(2, 50, 2);

        index.checkOut(1);
        assertThat(index.checkedOut()).isEqualTo(1L);
        assertThat(index.events()).isEqualTo(2);
        index.checkIn(2);
        assertThat(index.checkedOut()).as("another file: still out").isEqualTo(1L);

        index.checkIn(1);
        assertThat(index.events()).isEqualTo(5);
        index.checkOut(2);
        assertThat(index.endCheckOut()).isEqualTo(2L);
        assertThat(index.checkedOut()).isNull();
    }

    @Test
    void whatIsLeftOfAFileThatCouldNotBeRewrittenIsKeptInItsPlace() {
        index.add(1, 100, 3);
        List<BatchQueue.Entry> remaining = List.of(new BatchQueue.Entry(new byte[] {'{', '}'}));

        index.keepUnsaved(1, remaining);

        assertThat(index.unsaved(1)).contains(remaining);
        assertThat(index.bytes()).as("the stale file is still there").isEqualTo(100);
        assertThat(index.events()).isEqualTo(1);
        index.forget(1);
        assertThat(index.unsaved(1)).isEmpty();
    }
}
