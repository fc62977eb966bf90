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
                FitReport.Quality.of(law, data),
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
}
