package io.sparsesweep.fitting;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** Equal-tailed percentile intervals of bootstrap replicates. */
final class Percentiles {
    private Percentiles() {}

    /** {@code [lo, hi]} covering {@code level} of the finite values, or NaNs if none. */
    static double[] interval(double[] values, double level) {
        double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(finite);
        double tail = (1 - level) / 2 * 100;
        return new double[] {p.evaluate(Math.max(tail, 1e-9)), p.evaluate(100 - tail)};
    }
}
