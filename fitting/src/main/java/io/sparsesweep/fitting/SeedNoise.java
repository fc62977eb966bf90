package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.List;

/**
 * Run-to-run noise measured from repeated configurations (the same S, N and D under different
 * seeds), and how the law's misfit compares with it.
 *
 * <p>How repeats enter the fit: every run is a point of its own. For a squared loss that is exactly
 * the same as fitting each configuration's mean weighted by its number of runs, so a configuration
 * with more seeds counts for more, as its mean is better known; the Huber objective behaves the
 * same way inside its threshold. Runs are not weighted by their configuration's own spread: with
 * three seeds a standard deviation is itself uncertain by about 50% (chi-squared with two degrees
 * of freedom), and inverse-variance weights built on it would chase that noise. The pooled spread
 * below is reported instead, and the bootstrap resamples whole configurations, so the repeats of
 * one configuration are not counted as independent evidence about the law.
 *
 * @param configurations distinct (S, N, D)
 * @param repeated configurations with at least two runs
 * @param minRuns fewest runs of a configuration
 * @param maxRuns most runs of a configuration
 * @param pooledRelativeStd the run-to-run standard deviation relative to the mean, pooled over the
 *     repeated configurations ({@code sqrt(sum (k-1) s^2 / sum (k-1))} of relative deviations), or
 *     null without repeats
 * @param misfitRatio root mean square relative residual of the configuration means divided by the
 *     noise expected of a mean ({@code pooledRelativeStd / sqrt(k)}); about 1 when the law fits
 *     within the noise, well above 1 when it misfits; null without repeats
 * @param perConfiguration each repeated configuration's mean, spread and runs
 */
public record SeedNoise(
        int configurations,
        int repeated,
        int minRuns,
        int maxRuns,
        Double pooledRelativeStd,
        Double misfitRatio,
        List<Configuration> perConfiguration) {

    /**
     * One repeated configuration.
     *
     * @param sparsity S
     * @param nonzeroParams N
     * @param data D
     * @param runs how many runs
     * @param meanLoss their mean loss
     * @param relativeStd their sample standard deviation over the mean
     */
    public record Configuration(
            double sparsity,
            double nonzeroParams,
            double data,
            int runs,
            double meanLoss,
            double relativeStd) {}

    /** The noise of {@code data}'s repeats against {@code law}, or null without repeats. */
    static SeedNoise of(SweepData data, ScalingLaw law) {
        Repeats r = Repeats.of(data);
        if (!r.any()) {
            return null;
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        int repeated = 0;
        double ss = 0;
        int dof = 0;
        double misfit = 0;
        double inverseRuns = 0;
        List<Configuration> per = new ArrayList<>();
        for (int g = 0; g < r.size(); g++) {
            int k = r.runs(g).length;
            min = Math.min(min, k);
            max = Math.max(max, k);
            Observation m = r.mean(g);
            double rel = m.loss() / law.predict(m) - 1;
            misfit += rel * rel;
            inverseRuns += 1.0 / k;
            if (k >= 2) {
                repeated++;
                double relStd = r.std(g) / m.loss();
                ss += (k - 1) * relStd * relStd;
                dof += k - 1;
                per.add(
                        new Configuration(
                                m.sparsity(), m.nonzeroParams(), m.data(), k, m.loss(), relStd));
            }
        }
        double pooled = Math.sqrt(ss / dof);
        double expected = pooled * Math.sqrt(inverseRuns / r.size());
        double ratio = Math.sqrt(misfit / r.size()) / expected;
        return new SeedNoise(
                r.size(),
                repeated,
                min,
                max,
                pooled,
                Double.isFinite(ratio) ? ratio : null,
                List.copyOf(per));
    }
}
