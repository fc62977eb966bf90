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

    /**
     * The polish of a bootstrap refit: its coefficients only feed percentiles, where a relative
     * 1e-10 is far below the spread between resamples.
     */
    private static final double REFIT_TOLERANCE = 1e-10;

    /**
     * Iteration budget of a profile refit: it only has to tell "about as good" from "clearly
     * worse", and from a coefficient held at an extreme value a solve can crawl for thousands of
     * iterations without changing that verdict.
     */
    private static final int PROFILE_ITERATIONS = 100;

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
        return best(
                data,
                norm,
                startPoints,
                () -> new LawModel(data, norm, space, delta),
                true,
                new Effort(SCREENING_TOLERANCE, FINAL_TOLERANCE, maxIterations));
    }

    /**
     * How hard a search works: the tolerance every start is solved to, the tolerance the best one
     * is then polished to (NaN: no polish), and the iteration budget of each solve.
     */
    private record Effort(double screening, double polish, int iterations) {}

    /**
     * Screens every start, polishes the best. With {@code parallel} the starts run on the common
     * pool; each solve is deterministic, so the answer does not depend on the schedule.
     */
    private FitResult best(
            SweepData data,
            Normalization norm,
            double[][] startPoints,
            SolverModel.Factory models,
            boolean parallel,
            Effort effort) {
        int count = startPoints.length;
        IntStream indices = IntStream.range(0, count);
        Solve[] screened =
                (parallel ? indices.parallel() : indices)
                        .mapToObj(
                                k ->
                                        solve(
                                                models.create(),
                                                norm,
                                                startPoints[k],
                                                effort.screening(),
                                                effort.iterations()))
                        .toArray(Solve[]::new);
        HuberObjective objective = objective();
        int bestK = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        double[] values = new double[count];
        for (int k = 0; k < count; k++) {
            values[k] = screened[k].objective(objective, data);
            if (values[k] < bestValue) {
                bestValue = values[k];
                bestK = k;
            }
        }
        if (bestK < 0) {
            // No solve's law has a finite objective in the data's units. That happens when an
            // exponent heads to 0 and its amplitude to infinity (bD -> 0 turns the data term into
            // a constant): finite in the solver's coordinates, aD = D0 E^(1/bD) overflows. Such a
            // law is still the answer of the resample (bD ~ 0, aD = infinity): rank by the
            // solver's own cost and return it, with that cost as its objective.
            for (int k = 0; k < count; k++) {
                if (screened[k].law != null && screened[k].cost < bestValue) {
                    bestValue = screened[k].cost;
                    bestK = k;
                }
            }
            if (bestK < 0) {
                throw new IllegalStateException(
                        "no start produced a finite objective on " + data.source());
            }
            return new FitResult(screened[bestK].law, bestValue, data.size(), count, 1, 0);
        }
        ScalingLaw law = screened[bestK].law;
        if (!Double.isNaN(effort.polish())) {
            Solve polished =
                    solve(
                            models.create(),
                            norm,
                            norm.toSolver(law),
                            effort.polish(),
                            effort.iterations());
            double polishedValue = polished.objective(objective, data);
            if (polishedValue <= bestValue) {
                law = polished.law;
                bestValue = polishedValue;
            }
        }
        int near = 0;
        int converged = 0;
        for (int k = 0; k < count; k++) {
            if (values[k] <= bestValue * (1 + NEAR_BEST)) {
                near++;
            }
            if (screened[k].converged) {
                converged++;
            }
        }
        return new FitResult(law, bestValue, data.size(), count, near, converged);
    }

    /** One solve from {@code start}: for warm starts (refits from a known optimum). */
    public FitResult fitFrom(SweepData data, ScalingLaw start) {
        requireEnoughPoints(data);
        Normalization norm = Normalization.of(data);
        Solve s =
                solve(
                        new LawModel(data, norm, space, delta),
                        norm,
                        norm.toSolver(start),
                        FINAL_TOLERANCE,
                        maxIterations);
        double value = s.objective(objective(), data);
        if (!Double.isFinite(value)) {
            throw new IllegalStateException(
                    "the solve from the given start produced no finite objective on "
                            + data.source());
        }
        return new FitResult(s.law, value, data.size(), 1, 1, s.converged ? 1 : 0);
    }

    /**
     * The best of a warm start and {@code extraStarts} seeded starts, solved one after the other
     * (callers such as the bootstrap already run many refits in parallel). The warm start alone
     * cannot move a coefficient whose gradient vanishes at it — an amplitude that underflowed
     * towards zero, or an exponent that turned its term into a step — so a refit from it alone
     * reports that coefficient unchanged on every resample and its interval collapses to a point.
     * Fresh starts let such a coefficient go wherever the resample's data put it.
     */
    public FitResult refit(SweepData data, ScalingLaw warm, int extraStarts, long startSeed) {
        requireEnoughPoints(data);
        Normalization norm = Normalization.of(data);
        double[][] fresh = new StartPoints(data, norm, space).generate(extraStarts, startSeed);
        double[][] all = new double[extraStarts + 1][];
        all[0] = norm.toSolver(warm);
        System.arraycopy(fresh, 0, all, 1, extraStarts);
        SolverModel.Factory models = () -> new LawModel(data, norm, space, delta);
        return best(
                data,
                norm,
                all,
                models,
                false,
                new Effort(SCREENING_TOLERANCE, REFIT_TOLERANCE, maxIterations));
    }

    /**
     * The best fit with solver coordinate {@code index} held at {@code value} (see {@link
     * Normalization}: log amplitudes at 0, 2, 4, 6; exponents at 1, 3, 5), from {@code starts}
     * (solver coordinates; their {@code index} entry is overwritten). For profile checks.
     */
    FitResult fitFixed(
            SweepData data, Normalization norm, int index, double value, double[][] starts) {
        double[][] pinned = new double[starts.length][];
        for (int k = 0; k < starts.length; k++) {
            pinned[k] = starts[k].clone();
            pinned[k][index] = value;
        }
        SolverModel.Factory models =
                () -> new FixedParameterModel(new LawModel(data, norm, space, delta), index, value);
        return best(
                data,
                norm,
                pinned,
                models,
                false,
                new Effort(SCREENING_TOLERANCE, Double.NaN, PROFILE_ITERATIONS));
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

    /**
     * One solve's answer: its law (null when no finite point was evaluated), whether it met the
     * convergence test, and its Huber objective in the solver's coordinates.
     */
    private record Solve(ScalingLaw law, boolean converged, double cost) {
        double objective(HuberObjective objective, SweepData data) {
            return law == null ? Double.POSITIVE_INFINITY : objective.value(law, data);
        }
    }

    private static Solve solve(
            SolverModel model,
            Normalization norm,
            double[] start,
            double tolerance,
            int maxIterations) {
        LeastSquaresProblem problem =
                new LeastSquaresBuilder()
                        .model(model)
                        .target(new double[model.size()])
                        .start(model.reduce(start))
                        .maxEvaluations(maxIterations * 4)
                        .maxIterations(maxIterations)
                        .lazyEvaluation(false)
                        .build();
        LeastSquaresOptimizer lm =
                new LevenbergMarquardtOptimizer()
                        .withCostRelativeTolerance(tolerance)
                        .withParameterRelativeTolerance(tolerance)
                        .withOrthoTolerance(1e-15);
        int n = model.size();
        try {
            LeastSquaresOptimizer.Optimum optimum = lm.optimize(problem);
            double[] p = model.expand(optimum.getPoint().toArray());
            double rms = optimum.getCost();
            return new Solve(norm.toLaw(p), true, rms * rms / (2 * n));
        } catch (MathIllegalStateException e) {
            // Budget exhausted or no further progress possible: keep the best point it reached.
            double[] p = model.bestPoint();
            return new Solve(p == null ? null : norm.toLaw(p), false, model.bestCost() / (2 * n));
        }
    }
}
