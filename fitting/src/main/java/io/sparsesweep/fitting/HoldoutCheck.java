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
 * @param meanAbsRelError mean of |predicted/measured - 1| over the held-out points
 * @param maxAbsRelError its maximum
 * @param rmse root mean square of predicted - measured
 * @param points each held-out point with its prediction
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
     * @param loss measured
     * @param predicted by the law fitted without it
     * @param relativeError predicted / measured - 1
     */
    public record Point(
            double sparsity,
            double nonzeroParams,
            double data,
            double loss,
            double predicted,
            double relativeError) {}

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
        List<Point> points = new ArrayList<>();
        double sumAbs = 0;
        double maxAbs = 0;
        double sq = 0;
        for (Observation o : out) {
            double p = law.predict(o);
            double rel = p / o.loss() - 1;
            points.add(new Point(o.sparsity(), o.nonzeroParams(), o.data(), o.loss(), p, rel));
            sumAbs += Math.abs(rel);
            maxAbs = Math.max(maxAbs, Math.abs(rel));
            sq += (p - o.loss()) * (p - o.loss());
        }
        return new HoldoutCheck(
                selector.expression(),
                out.size(),
                in.size(),
                law,
                sumAbs / out.size(),
                maxAbs,
                Math.sqrt(sq / out.size()),
                points);
    }
}
