package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.List;

/**
 * An extrapolation check: the law is fitted without the held-out points and judged on them.
 *
 * @param expression the selection, as given
 * @param heldOut points held out
 * @param fitted points fitted
 * @param law the law fitted on the rest
 * @param meanAbsRelError mean of |predicted/measured - 1| over the held-out configurations
 *     (measured: the mean over a configuration's repeated runs)
 * @param maxAbsRelError its maximum
 * @param rmse root mean square of predicted - measured
 * @param points each held-out configuration with its prediction
 */
public record HoldoutCheck(
        String expression,
        int heldOut,
        int fitted,
        ScalingLaw law,
        double meanAbsRelError,
        double maxAbsRelError,
        double rmse,
        List<Point> points) {

    /**
     * One held-out point.
     *
     * @param sparsity S
     * @param nonzeroParams N
     * @param data D
     * @param loss measured (the mean of its runs)
     * @param runs how many runs the configuration has (seeds)
     * @param predicted by the law fitted without it
     * @param relativeError predicted / measured - 1
     */
    public record Point(
            double sparsity,
            double nonzeroParams,
            double data,
            double loss,
            int runs,
            double predicted,
            double relativeError) {}

    /** Summary of a law's predictions on held-out configurations. */
    record Errors(double meanAbs, double maxAbs, double rmse, List<Point> points) {
        static Errors of(ScalingLaw law, SweepData heldOut) {
            Repeats r = Repeats.of(heldOut);
            List<Point> points = new ArrayList<>();
            double sumAbs = 0;
            double maxAbs = 0;
            double sq = 0;
            for (int g = 0; g < r.size(); g++) {
                Observation o = r.mean(g);
                double p = law.predict(o);
                double rel = p / o.loss() - 1;
                points.add(
                        new Point(
                                o.sparsity(),
                                o.nonzeroParams(),
                                o.data(),
                                o.loss(),
                                r.runs(g).length,
                                p,
                                rel));
                sumAbs += Math.abs(rel);
                maxAbs = Math.max(maxAbs, Math.abs(rel));
                sq += (p - o.loss()) * (p - o.loss());
            }
            return new Errors(sumAbs / r.size(), maxAbs, Math.sqrt(sq / r.size()), points);
        }
    }

    static HoldoutCheck run(SweepData data, FitOptions options) {
        HoldoutSelector selector = HoldoutSelector.parse(options.holdout(), options.columns());
        boolean[] held = selector.select(data);
        List<Observation> out = new ArrayList<>();
        List<Observation> in = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (held[i] ? out : in).add(data.get(i));
        }
        if (out.isEmpty()) {
            throw new FitInputException(
                    "--holdout '"
                            + selector.expression()
                            + "' selects no point of "
                            + data.source());
        }
        if (in.size() < ScalingLawFitter.PARAMETERS) {
            throw new FitInputException(
                    "--holdout '"
                            + selector.expression()
                            + "' leaves "
                            + in.size()
                            + " points to fit; the law needs at least "
                            + ScalingLawFitter.PARAMETERS);
        }
        FitResult fit = options.fitter().fit(SweepData.of(data.source(), in));
        ScalingLaw law = fit.law();
        Errors e = Errors.of(law, SweepData.of(data.source(), out));
        return new HoldoutCheck(
                selector.expression(),
                out.size(),
                in.size(),
                law,
                e.meanAbs(),
                e.maxAbs(),
                e.rmse(),
                e.points());
    }
}
