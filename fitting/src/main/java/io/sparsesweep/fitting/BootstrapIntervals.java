package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Percentile bootstrap intervals: the points (whole configurations, when the sweep repeats them
 * with several seeds: see {@link SeedNoise}) are resampled with replacement, the law is refitted on
 * each resample from the full fit's optimum (a warm start: the resample's optimum is usually near
 * it) and from {@code bootstrapStarts} fresh seeded starts, keeping the best, and every coefficient
 * and derived quantity gets the equal-tailed interval of its replicates. The fresh starts matter
 * where the data do not pin a coefficient down: from the warm start alone such a coefficient never
 * moves (its gradient vanishes there), and its interval would be a single point.
 *
 * @param level coverage, e.g. 0.95
 * @param resamples how many resamples were drawn
 * @param startsPerResample solves per resample: the warm start and the fresh ones
 * @param refitsConverged how many refits had at least one start meet the solver's convergence test
 * @param coefficients {@code name -> [lo, hi]}
 * @param multipliers one interval per reported multiplier sparsity
 * @param limitMultiplier {@code [lo, hi]} of the limit multiplier
 * @param optimalSparsity one interval of S_opt per (N, C) request
 */
public record BootstrapIntervals(
        double level,
        int resamples,
        int startsPerResample,
        int refitsConverged,
        Map<String, double[]> coefficients,
        List<At> multipliers,
        double[] limitMultiplier,
        List<At> optimalSparsity) {

    /**
     * An interval of a quantity that depends on one input.
     *
     * @param at the sparsity (multipliers) or the request's index (optimal sparsity)
     * @param interval {@code [lo, hi]}
     */
    public record At(double at, double[] interval) {}

    static BootstrapIntervals compute(
            SweepData data,
            ScalingLaw best,
            List<Double> sparsities,
            FitOptions options,
            TrainingCost cost) {
        int b = options.bootstrap();
        // Whole configurations are resampled, with all their repeats: seeds of one configuration
        // share its deviation from the law, so they are not independent evidence about it.
        // Without repeats every configuration is one point and this is the plain case bootstrap.
        Repeats groups = Repeats.of(data);
        int g = groups.size();
        // Indices are drawn in order from one seeded stream, so the replicates do not depend on
        // how the refits are scheduled across threads.
        MersenneTwister rng = new MersenneTwister(options.seed() ^ 0x5DEECE66DL);
        int[][] samples = new int[b][];
        for (int k = 0; k < b; k++) {
            IntStream.Builder sample = IntStream.builder();
            for (int j = 0; j < g; j++) {
                for (int i : groups.runs(rng.nextInt(g))) {
                    sample.add(i);
                }
            }
            samples[k] = sample.build().toArray();
        }
        long[] startSeeds = new long[b];
        for (int k = 0; k < b; k++) {
            startSeeds[k] = rng.nextLong();
        }
        ScalingLawFitter fitter = options.fitter();
        int fresh = options.bootstrapStarts();
        FitResult[] refits =
                IntStream.range(0, b)
                        .parallel()
                        .mapToObj(
                                k ->
                                        fitter.refit(
                                                data.select(samples[k]),
                                                best,
                                                fresh,
                                                startSeeds[k]))
                        .toArray(FitResult[]::new);

        double[][] coef = new double[ScalingLaw.NAMES.length][b];
        double[][] mult = new double[sparsities.size()][b];
        double[] limit = new double[b];
        int nOpt = options.optimalSparsity().size();
        double[][] opt = new double[nOpt][b];
        int converged = 0;
        for (int k = 0; k < b; k++) {
            ScalingLaw law = refits[k].law();
            converged += refits[k].startsConverged() > 0 ? 1 : 0;
            double[] v = law.toArray();
            for (int j = 0; j < v.length; j++) {
                coef[j][k] = v[j];
            }
            for (int j = 0; j < sparsities.size(); j++) {
                mult[j][k] = law.multiplier(sparsities.get(j));
            }
            limit[k] = law.limitMultiplier();
            for (int j = 0; j < nOpt; j++) {
                FitOptions.Budget req = options.optimalSparsity().get(j);
                opt[j][k] =
                        OptimalSparsity.solve(law, req.nonzeroParams(), req.budget(), cost)
                                .sparsity();
            }
        }
        double level = options.confidence();
        Map<String, double[]> coefficients = new LinkedHashMap<>();
        for (int j = 0; j < ScalingLaw.NAMES.length; j++) {
            coefficients.put(ScalingLaw.NAMES[j], Percentiles.interval(coef[j], level));
        }
        List<At> multipliers = new ArrayList<>();
        for (int j = 0; j < sparsities.size(); j++) {
            multipliers.add(new At(sparsities.get(j), Percentiles.interval(mult[j], level)));
        }
        List<At> optimal = new ArrayList<>();
        for (int j = 0; j < nOpt; j++) {
            optimal.add(new At(j, Percentiles.interval(opt[j], level)));
        }
        return new BootstrapIntervals(
                level,
                b,
                fresh + 1,
                converged,
                coefficients,
                multipliers,
                Percentiles.interval(limit, level),
                optimal);
    }
}
