package io.sparsesweep.fitting;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * The optimal sparsity for a fixed non-zero count N and training budget C (paper §2.2): the S
 * minimising {@code L(S, N, D)} where the data a budget buys shrinks with sparsity, {@code D(S) = C
 * / cost.perDatum(S, N)}. With {@link CostAccounting} C is in units of non-zero parameters times
 * data ({@code perDatum = N c_mul(S)}: a dense model of N parameters trained on D costs {@code N *
 * D}, the FLOPs per parameter per datum cancel out); with {@link FlopCost} C is in FLOPs.
 *
 * @param nonzeroParams N
 * @param budget C
 * @param sparsity the optimal S
 * @param data the D that C buys at that S
 * @param loss the predicted loss there
 * @param denseLoss the predicted loss of the dense model of N parameters on the same budget
 */
public record OptimalSparsity(
        double nonzeroParams,
        double budget,
        double sparsity,
        double data,
        double loss,
        double denseLoss) {

    /** Sparsities are searched in [0, MAX_SPARSITY]. */
    static final double MAX_SPARSITY = 0.9999;

    private static final int GRID = 2000;

    public static OptimalSparsity solve(
            ScalingLaw law, double nonzero, double budget, TrainingCost cost) {
        if (!(nonzero > 0) || !(budget > 0)) {
            throw new FitInputException(
                    "optimal sparsity needs N > 0 and C > 0, got N=" + nonzero + " C=" + budget);
        }
        java.util.function.DoubleUnaryOperator loss =
                s -> law.predict(s, nonzero, budget / cost.perDatum(s, nonzero));
        // A coarse grid first, so Brent polishes the global minimum on [0, MAX] rather than
        // whichever local one it meets.
        int bestK = 0;
        double bestL = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= GRID; k++) {
            double l = loss.applyAsDouble(MAX_SPARSITY * k / GRID);
            if (l < bestL) {
                bestL = l;
                bestK = k;
            }
        }
        double lo = MAX_SPARSITY * Math.max(0, bestK - 1) / GRID;
        double hi = MAX_SPARSITY * Math.min(GRID, bestK + 1) / GRID;
        double s = MAX_SPARSITY * bestK / GRID;
        if (bestK > 0 && bestK < GRID) {
            UnivariatePointValuePair p =
                    new BrentOptimizer(1e-12, 1e-14)
                            .optimize(
                                    new MaxEval(200),
                                    new UnivariateObjectiveFunction(loss::applyAsDouble),
                                    GoalType.MINIMIZE,
                                    new SearchInterval(lo, hi, s));
            if (p.getValue() < bestL) {
                s = p.getPoint();
            }
        }
        return new OptimalSparsity(
                nonzero,
                budget,
                s,
                budget / cost.perDatum(s, nonzero),
                loss.applyAsDouble(s),
                loss.applyAsDouble(0));
    }
}
