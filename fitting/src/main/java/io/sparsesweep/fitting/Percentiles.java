package io.sparsesweep.fitting;

import java.util.Arrays;

/** Equal-tailed percentile intervals of bootstrap replicates. */
final class Percentiles {
    private Percentiles() {}

    /**
     * {@code [lo, hi]} covering {@code level} of the values (R's type 7 quantiles), or NaNs if
     * none. NaNs are dropped; infinities are kept as the most extreme values: a replicate whose
     * amplitude overflowed (an exponent heading to 0) says "larger than anything finite", and
     * dropping it would narrow the interval on exactly the side the data leave open.
     */
    static double[] interval(double[] values, double level) {
        double[] x = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (x.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double tail = (1 - level) / 2;
        return new double[] {quantile(x, tail), quantile(x, 1 - tail)};
    }

    private static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = h - lo;
        if (frac == 0 || sorted[lo] == sorted[hi]) {
            return sorted[lo];
        }
        if (Double.isInfinite(sorted[lo]) || Double.isInfinite(sorted[hi])) {
            return frac < 0.5 ? sorted[lo] : sorted[hi];
        }
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
