package org.openjarvis.analytics.impl.session;

/** Linear-interpolation percentiles, numpy's "linear" method, exactly as the reference computes them. */
final class Percentiles {

    private Percentiles() {
    }

    /** {@code pct} in [0, 1] of values already sorted ascending; 0.0 for no values. */
    static double ofSorted(double[] sorted, double pct) {
        if (sorted.length == 0) {
            return 0.0;
        }
        double k = (sorted.length - 1) * pct;
        int f = (int) k;
        int c = Math.min(f + 1, sorted.length - 1);
        if (f == c) {
            return sorted[f];
        }
        return sorted[f] + (sorted[c] - sorted[f]) * (k - f);
    }
}
