package org.openjarvis.analytics.impl.session;

import java.util.List;

/** Linear-interpolation percentiles, numpy's "linear" method, exactly as the reference computes them. */
final class Percentiles {

    private Percentiles() {
    }

    /** {@code pct} in [0, 1]; 0.0 for no values. */
    static double of(List<Double> values, double pct) {
        if (values.isEmpty()) {
            return 0.0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double k = (sorted.length - 1) * pct;
        int f = (int) k;
        int c = Math.min(f + 1, sorted.length - 1);
        if (f == c) {
            return sorted[f];
        }
        return sorted[f] + (sorted[c] - sorted[f]) * (k - f);
    }
}
