package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Leave-one-size-out cross-validation: every model size in turn (its dense size N / (1 - S), every
 * sparsity, every training length) is left out, the law is fitted on the other sizes and judged on
 * it. Next to the largest-model hold-out, which tests extrapolation only, it tests interpolation
 * between sizes too, and shows whether one size is off the law.
 *
 * @param by what is left out: {@code sizes}
 * @param folds one per model size, smallest first
 * @param meanAbsRelError mean of |predicted/measured - 1| over every held-out configuration of
 *     every fold
 * @param maxAbsRelError its maximum
 */
public record CrossValidation(
        String by, List<Fold> folds, double meanAbsRelError, double maxAbsRelError) {

    /** What {@code --cv} accepts. */
    public static final String SIZES = "sizes";

    /**
     * One fold.
     *
     * @param denseParams the left-out model's dense size N / (1 - S)
     * @param heldOut its runs
     * @param configurations its distinct (S, N, D)
     * @param meanAbsRelError over its configurations
     * @param maxAbsRelError over its configurations
     * @param points each configuration with its prediction
     */
    public record Fold(
            double denseParams,
            int heldOut,
            int configurations,
            double meanAbsRelError,
            double maxAbsRelError,
            List<HoldoutCheck.Point> points) {}

    static CrossValidation run(SweepData data, FitOptions options) {
        if (!SIZES.equals(options.crossValidation())) {
            throw new FitInputException(
                    "--cv: '" + options.crossValidation() + "' is not supported (use sizes)");
        }
        // Model sizes: dense sizes within 2% of each other are one model (N / (1 - S) of one model
        // varies a little with rounding and with a target sparsity that was not reached exactly).
        TreeMap<Double, List<Observation>> bySize = new TreeMap<>();
        for (Observation o : data.points()) {
            double dense = o.nonzeroParams() / (1 - o.sparsity());
            Double key = bySize.floorKey(dense * 1.02);
            if (key == null || key < dense / 1.02) {
                key = dense;
            }
            bySize.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
        }
        if (bySize.size() < 2) {
            throw new FitInputException(
                    "--cv sizes: " + data.source() + " has one model size; it needs at least two");
        }
        List<Fold> folds = new ArrayList<>();
        double sumAbs = 0;
        double maxAbs = 0;
        int count = 0;
        ScalingLawFitter fitter = options.fitter();
        for (var e : bySize.entrySet()) {
            List<Observation> in = new ArrayList<>();
            for (Observation o : data.points()) {
                if (!e.getValue().contains(o)) {
                    in.add(o);
                }
            }
            if (in.size() < ScalingLawFitter.PARAMETERS) {
                throw new FitInputException(
                        "--cv sizes: leaving out the model of "
                                + e.getKey()
                                + " dense parameters leaves "
                                + in.size()
                                + " points; the law needs "
                                + ScalingLawFitter.PARAMETERS);
            }
            ScalingLaw law = fitter.fit(SweepData.of(data.source(), in)).law();
            HoldoutCheck.Errors err =
                    HoldoutCheck.Errors.of(law, SweepData.of(data.source(), e.getValue()));
            folds.add(
                    new Fold(
                            e.getKey(),
                            e.getValue().size(),
                            err.points().size(),
                            err.meanAbs(),
                            err.maxAbs(),
                            err.points()));
            for (HoldoutCheck.Point p : err.points()) {
                sumAbs += Math.abs(p.relativeError());
                maxAbs = Math.max(maxAbs, Math.abs(p.relativeError()));
                count++;
            }
        }
        return new CrossValidation(SIZES, List.copyOf(folds), sumAbs / count, maxAbs);
    }
}
