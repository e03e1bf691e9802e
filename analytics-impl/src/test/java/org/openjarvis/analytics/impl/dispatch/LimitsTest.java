package org.openjarvis.analytics.impl.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void theSmallestBoundsAreOneEventAndOneByte() {
        Limits smallest = new Limits(1, 1);

        assertThat(smallest.capacity()).isEqualTo(1);
        assertThat(smallest.maxBytes()).isEqualTo(1);
    }

    @Test
    void aBoundBelowOneIsRefusedAndNamed() {
        assertThatThrownBy(() -> new Limits(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1, got 0");
        assertThatThrownBy(() -> new Limits(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be at least 1, got 0");
        assertThatThrownBy(() -> new Limits(-1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
