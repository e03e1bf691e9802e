package org.openjarvis.analytics.impl.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reference's {@code _percentile}: linear interpolation, with its vectors (reference section 6). */
class PercentilesTest {

    @Test
    void theReferenceVectorsHold() {
        double[] four = {100, 200, 300, 400};

        assertThat(Percentiles.ofSorted(four, 0.50)).isEqualTo(250.0);
        assertThat(Percentiles.ofSorted(four, 0.95)).isEqualTo(385.0);
        assertThat(Percentiles.ofSorted(new double[] {5}, 0.50)).isEqualTo(5.0);
        assertThat(Percentiles.ofSorted(new double[] {5}, 0.95)).isEqualTo(5.0);
        assertThat(Percentiles.ofSorted(new double[0], 0.50)).isEqualTo(0.0);
    }

    @Test
    void theTopRankIsTheLargestValueItselfNotAnInterpolation() {
        // f == c returns sorted[f] as it is: interpolating there would turn an infinite latency into NaN.
        double[] withInfinity = {1.0, 2.0, Double.POSITIVE_INFINITY};

        assertThat(Percentiles.ofSorted(withInfinity, 1.0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Percentiles.ofSorted(new double[] {Double.POSITIVE_INFINITY}, 0.50))
                .isEqualTo(Double.POSITIVE_INFINITY);
    }
}
