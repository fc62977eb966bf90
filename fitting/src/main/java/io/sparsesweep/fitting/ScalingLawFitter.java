package io.sparsesweep.fitting;

import java.util.stream.IntStream;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;

/**
 * Fits the sparse scaling law by deterministic multi-start Levenberg-Marquardt on the Huber
 * objective. Immutable: the {@code with*} methods return new fitters.
 *
 * <p>Why Levenberg-Marquardt: the objective is a sum of per-point losses, so in the square-root
 * form of {@link HuberLoss} it is a nonlinear least-squares problem with an analytic Jacobian
 * ({@link LawModel}). LM uses that structure (a Gauss-Newton model of the curvature, trust-region
 * damping far from the optimum) and converges in tens of iterations where a quasi-Newton method on
 * the scalar objective with finite differences — the authors' scipy BFGS — needs hundreds of
 * evaluations and stops early on the flat log-space objective (paper.md §1.5). Points in the
 * Huber's linear zone have a Gauss-Newton curvature that overstates the true one, which makes the
 * final approach linear rather than quadratic; hence the two tolerances below.
 */
public final class ScalingLawFitter {
    /** Parameters of the law: the minimum number of points a fit needs. */
    public static final int PARAMETERS = 7;

    private static final double NEAR_BEST = 0.01;

    /**
     * Relative cost and parameter change at which a start counts as settled: its objective is then
     * within about 1e-7 of its optimum on the paper's sweeps, far finer than the 1% that {@code
     * startsNearBest} resolves.
     */
    private static final double SCREENING_TOLERANCE = 1e-7;

    /** The same for the final polish of the best start (and for warm starts). */
    private static final double FINAL_TOLERANCE = 1e-14;

    private final ResidualSpace space;
    private final double delta;
    private final int starts;
    private final long seed;
    private final int maxIterations;

    private ScalingLawFitter(
            ResidualSpace space, double delta, int starts, long seed, int maxIterations) {
        this.space = space;
        this.delta = delta;
        this.starts = starts;
        this.seed = seed;
        this.maxIterations = maxIterations;
    }

    /** Linear residuals, delta 0.01, 25 starts, seed 0: the paper's ViT setting. */
    public static ScalingLawFitter create() {
        return new ScalingLawFitter(ResidualSpace.LINEAR, 0.01, 25, 0, 2000);
    }

    public ScalingLawFitter withResidualSpace(ResidualSpace space) {
        return new ScalingLawFitter(space, delta, starts, seed, maxIterations);
    }

    public ScalingLawFitter withHuberDelta(double delta) {
        return new ScalingLawFitter(space, delta, starts, seed, maxIterations);
    }

    public ScalingLawFitter withStarts(int starts) {
        if (starts < 1) {
            throw new FitInputException("--starts must be at least 1, got " + starts);
        }
        return new ScalingLawFitter(space, delta, starts, seed, maxIterations);
    }

    public ScalingLawFitter withSeed(long seed) {
        return new ScalingLawFitter(space, delta, starts, seed, maxIterations);
    }

    public ScalingLawFitter withMaxIterations(int maxIterations) {
        return new ScalingLawFitter(space, delta, starts, seed, maxIterations);
    }

    public HuberObjective objective() {
        return new HuberObjective(space, delta);
    }

    /**
     * The best of {@code starts} solves from deterministic start points. Every start is solved to a
     * screening tolerance, enough to rank the starts and count those near the best; the best is
     * then polished to full precision. This saves the slow final approach (linear, because of the
     * Huber's linear zone) on every start but one.
     */
    public FitResult fit(SweepData data) {
        requireEnoughPoints(data);
        Normalization norm = Normalization.of(data);
        double[][] startPoints = new StartPoints(data, norm, space).generate(starts, seed);
        // Starts are independent and each solve is deterministic, so running them in parallel
        // gives the same answer as running them in order.
        Solve[] screened =
                IntStream.range(0, starts)
                        .parallel()
                        .mapToObj(k -> solve(data, norm, startPoints[k], SCREENING_TOLERANCE))
                        .toArray(Solve[]::new);
        HuberObjective objective = objective();
        int bestK = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        double[] values = new double[starts];
        for (int k = 0; k < starts; k++) {
            values[k] = screened[k].objective(objective, data);
            if (values[k] < bestValue) {
                bestValue = values[k];
                bestK = k;
            }
        }
        if (bestK < 0) {
            throw new IllegalStateException(
                    "no start produced a finite objective on " + data.source());
        }
        Solve polished = solve(data, norm, norm.toSolver(screened[bestK].law), FINAL_TOLERANCE);
        double polishedValue = polished.objective(objective, data);
        ScalingLaw law = screened[bestK].law;
        if (polishedValue <= bestValue) {
            law = polished.law;
            bestValue = polishedValue;
        }
        int near = 0;
        int converged = 0;
        for (int k = 0; k < starts; k++) {
            if (values[k] <= bestValue * (1 + NEAR_BEST)) {
                near++;
            }
            if (screened[k].converged) {
                converged++;
            }
        }
        return new FitResult(law, bestValue, data.size(), starts, near, converged);
    }

    /** One solve from {@code start}: for warm starts (bootstrap resamples, refits). */
    public FitResult fitFrom(SweepData data, ScalingLaw start) {
        requireEnoughPoints(data);
        Normalization norm = Normalization.of(data);
        Solve s = solve(data, norm, norm.toSolver(start), FINAL_TOLERANCE);
        double value = s.objective(objective(), data);
        if (!Double.isFinite(value)) {
            throw new IllegalStateException(
                    "the solve from the given start produced no finite objective on "
                            + data.source());
        }
        return new FitResult(s.law, value, data.size(), 1, 1, s.converged ? 1 : 0);
    }

    private void requireEnoughPoints(SweepData data) {
        if (data.size() < PARAMETERS) {
            throw new FitInputException(
                    data.source()
                            + ": "
                            + data.size()
                            + " points, but the law has "
                            + PARAMETERS
                            + " parameters: at least "
                            + PARAMETERS
                            + " are needed");
        }
    }

    private record Solve(ScalingLaw law, boolean converged) {
        double objective(HuberObjective objective, SweepData data) {
            return law == null ? Double.POSITIVE_INFINITY : objective.value(law, data);
        }
    }

    private Solve solve(SweepData data, Normalization norm, double[] start, double tolerance) {
        LawModel model = new LawModel(data, norm, space, delta);
        LeastSquaresProblem problem =
                new LeastSquaresBuilder()
                        .model(model)
                        .target(new double[model.size()])
                        .start(start)
                        .maxEvaluations(maxIterations * 4)
                        .maxIterations(maxIterations)
                        .lazyEvaluation(false)
                        .build();
        LeastSquaresOptimizer lm =
                new LevenbergMarquardtOptimizer()
                        .withCostRelativeTolerance(tolerance)
                        .withParameterRelativeTolerance(tolerance)
                        .withOrthoTolerance(1e-15);
        try {
            double[] p = lm.optimize(problem).getPoint().toArray();
            return new Solve(norm.toLaw(p), true);
        } catch (MathIllegalStateException e) {
            // Budget exhausted or no further progress possible: keep the best point it reached.
            double[] p = model.bestPoint();
            return new Solve(p == null ? null : norm.toLaw(p), false);
        }
    }
}
