package io.sparsesweep.fitting;

import java.util.List;

/**
 * One call from data to report: the multi-start fit, its in-sample quality, which coefficients the
 * data determine, the derived quantities, the run-to-run noise (when configurations are repeated),
 * the n:m runs against the law (when the data has some), and — when asked — bootstrap intervals, a
 * hold-out check and leave-one-size-out cross-validation.
 */
public final class FitPipeline {
    private FitPipeline() {}

    public static FitReport run(SweepData data, FitOptions options) {
        requireDistinctPoints(data);
        TrainingCost cost = options.trainingCostFor(data);
        ScalingLawFitter fitter = options.fitter();
        List<Double> sparsities = DerivedQuantities.sparsitiesFor(data, options);
        // Parse the hold-out expression before the work, so a typo fails at once.
        if (options.holdout() != null) {
            HoldoutSelector.parse(options.holdout(), options.columns());
        }
        long t0 = System.nanoTime();
        FitResult fit = fitter.fit(data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ScalingLaw law = fit.law();
        FitReport.Quality quality = FitReport.Quality.of(law, data);
        requireFinite(fit, quality, data);
        BootstrapIntervals intervals =
                options.bootstrap() > 0
                        ? BootstrapIntervals.compute(data, law, sparsities, options, cost)
                        : null;
        HoldoutCheck holdout = options.holdout() != null ? HoldoutCheck.run(data, options) : null;
        CrossValidation cv =
                options.crossValidation() != null ? CrossValidation.run(data, options) : null;
        return new FitReport(
                data.source(),
                law.asMap(),
                fit.objective(),
                fit.points(),
                fit.starts(),
                fit.startsNearBest(),
                fit.startsConverged(),
                options.residualSpace() == ResidualSpace.LOG ? "log" : "linear",
                options.huberDelta(),
                options.seed(),
                seconds,
                quality,
                DerivedQuantities.of(law, sparsities, options, cost),
                Identifiability.assess(data, fit, intervals, options),
                intervals,
                holdout,
                cv,
                SeedNoise.of(data, law),
                PatternComparison.of(law, data),
                data.facts().sparsityMismatches().isEmpty()
                        ? null
                        : data.facts().sparsityMismatches());
    }

    /**
     * Seven rows that repeat one (sparsity, N, D) point leave six of the law's seven parameters
     * free: the solver "converges" to an arbitrary law. Count distinct inputs, not rows.
     */
    static void requireDistinctPoints(SweepData data) {
        long distinct =
                data.points().stream()
                        .map(o -> List.of(o.sparsity(), o.nonzeroParams(), o.data()))
                        .distinct()
                        .count();
        if (data.size() >= ScalingLawFitter.PARAMETERS && distinct < ScalingLawFitter.PARAMETERS) {
            throw new FitInputException(
                    data.source()
                            + ": "
                            + data.size()
                            + " rows but only "
                            + distinct
                            + " distinct (sparsity, nonzero_params, data) points; the law has "
                            + ScalingLawFitter.PARAMETERS
                            + " parameters and needs at least "
                            + ScalingLawFitter.PARAMETERS
                            + " distinct points");
        }
    }

    /**
     * A law whose objective or in-sample error is not finite (one absurd row, such as a loss of
     * 1e308, overflows the squared error) describes nothing: it is a failed fit, not a result.
     */
    private static void requireFinite(FitResult fit, FitReport.Quality q, SweepData data) {
        if (!Double.isFinite(fit.objective())
                || !Double.isFinite(q.rmse())
                || !Double.isFinite(q.meanAbsRelError())
                || !Double.isFinite(q.maxAbsRelError())) {
            throw new FitFailedException(
                    data.source()
                            + ": the fit's quality is not finite (objective "
                            + fit.objective()
                            + ", rmse "
                            + q.rmse()
                            + ", max relative error "
                            + q.maxAbsRelError()
                            + "); check the data for rows far outside the others");
        }
    }
}
