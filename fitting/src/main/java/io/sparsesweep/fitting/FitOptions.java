package io.sparsesweep.fitting;

import java.util.List;

/**
 * Everything {@link FitPipeline} needs besides the data. Build with {@link #builder()}; the
 * defaults are the paper's ViT setting (linear residuals, Huber delta 0.01) with 25 starts.
 *
 * @param residualSpace linear or log residuals
 * @param huberDelta the Huber threshold, in residual units
 * @param starts multi-start count
 * @param seed seeds the start points and the bootstrap resamples
 * @param bootstrap resamples for percentile intervals (0: none)
 * @param bootstrapStarts fresh starts per resample besides the warm start from the full fit
 * @param confidence the intervals' coverage, e.g. 0.95
 * @param holdout an expression for {@link HoldoutSelector}, or null
 * @param crossValidation {@code sizes} for leave-one-size-out cross-validation, or null
 * @param columns the input's column names (holdout expressions may use them)
 * @param multiplierSparsities sparsities at which to report the dense-equivalent multiplier, or
 *     null for every non-zero sparsity in the data
 * @param optimalSparsity (N, C) pairs at which to solve for the optimal sparsity
 * @param flopBudget budgets C in training FLOPs (from the data's FLOP columns) rather than in
 *     non-zeros times data
 * @param costAccounting how a budget is charged for sparse training, or null to take the pruning
 *     window from the data ({@link SweepFacts#pruneWindow()}) and else the paper's 25%-75%
 */
public record FitOptions(
        ResidualSpace residualSpace,
        double huberDelta,
        int starts,
        long seed,
        int bootstrap,
        int bootstrapStarts,
        double confidence,
        String holdout,
        String crossValidation,
        ResultsCsv.Columns columns,
        List<Double> multiplierSparsities,
        List<Budget> optimalSparsity,
        boolean flopBudget,
        CostAccounting costAccounting) {

    /**
     * Fresh starts per bootstrap resample besides the warm one. Four keep 200 resamples of the
     * paper's ViT sweep within a few seconds on two cores and, on the coverage study
     * (BENCHMARKS.md), let coefficients the data does not pin down spread as far as the data
     * allows.
     */
    public static final int DEFAULT_BOOTSTRAP_STARTS = 4;

    /** A non-zero count and a training budget (in non-zeros times data). */
    public record Budget(double nonzeroParams, double budget) {}

    public FitOptions {
        if (starts < 1) {
            throw new FitInputException("--starts must be at least 1, got " + starts);
        }
        if (bootstrap < 0) {
            throw new FitInputException("--bootstrap must be >= 0, got " + bootstrap);
        }
        if (crossValidation != null && !CrossValidation.SIZES.equals(crossValidation)) {
            throw new FitInputException(
                    "--cv: '"
                            + crossValidation
                            + "' is not supported (use "
                            + CrossValidation.SIZES
                            + ")");
        }
        if (bootstrapStarts < 0) {
            throw new FitInputException("--bootstrap-starts must be >= 0, got " + bootstrapStarts);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new FitInputException("--confidence must be in (0, 1), got " + confidence);
        }
        if (!(huberDelta > 0) || !Double.isFinite(huberDelta)) {
            throw new FitInputException(
                    "--huber-delta must be a positive number, got " + huberDelta);
        }
        optimalSparsity = optimalSparsity == null ? List.of() : List.copyOf(optimalSparsity);
        multiplierSparsities =
                multiplierSparsities == null ? null : List.copyOf(multiplierSparsities);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What training costs for {@code data}: in FLOPs with {@link #flopBudget}, else in non-zeros
     * times data; pruning charged by the accounting set, else the data's own window, else 25%-75%.
     */
    public TrainingCost trainingCostFor(SweepData data) {
        CostAccounting schedule = costAccountingFor(data);
        return flopBudget ? FlopCost.fit(data.facts().flops(), schedule) : schedule;
    }

    /** The cost accounting for {@code data}: the one set, else the data's window, else 25%-75%. */
    public CostAccounting costAccountingFor(SweepData data) {
        if (costAccounting != null) {
            return costAccounting;
        }
        CostAccounting window = data.facts().pruneWindow();
        return window != null ? window : CostAccounting.gradual();
    }

    public ScalingLawFitter fitter() {
        return ScalingLawFitter.create()
                .withResidualSpace(residualSpace)
                .withHuberDelta(huberDelta)
                .withStarts(starts)
                .withSeed(seed);
    }

    /** Mutable builder with the paper's defaults. */
    public static final class Builder {
        private ResidualSpace residualSpace = ResidualSpace.LINEAR;
        private Double huberDelta;
        private int starts = 25;
        private long seed;
        private int bootstrap;
        private int bootstrapStarts = DEFAULT_BOOTSTRAP_STARTS;
        private double confidence = 0.95;
        private String holdout;
        private String crossValidation;
        private ResultsCsv.Columns columns = ResultsCsv.Columns.defaults();
        private List<Double> multiplierSparsities;
        private List<Budget> optimalSparsity = List.of();
        private boolean flopBudget;
        private CostAccounting costAccounting;

        /** Log residuals; the default delta becomes 0.001 (the paper's language-model setting). */
        public Builder logSpace(boolean log) {
            this.residualSpace = log ? ResidualSpace.LOG : ResidualSpace.LINEAR;
            return this;
        }

        /** The threshold; unset means 0.01 for linear and 0.001 for log residuals. */
        public Builder huberDelta(Double delta) {
            this.huberDelta = delta;
            return this;
        }

        public Builder starts(int starts) {
            this.starts = starts;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder bootstrap(int resamples) {
            this.bootstrap = resamples;
            return this;
        }

        public Builder bootstrapStarts(int starts) {
            this.bootstrapStarts = starts;
            return this;
        }

        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        public Builder holdout(String expression) {
            this.holdout = expression;
            return this;
        }

        /** {@code sizes}: leave each model size out in turn; null: no cross-validation. */
        public Builder crossValidation(String by) {
            this.crossValidation = by;
            return this;
        }

        public Builder columns(ResultsCsv.Columns columns) {
            this.columns = columns;
            return this;
        }

        public Builder multiplierSparsities(List<Double> sparsities) {
            this.multiplierSparsities = sparsities;
            return this;
        }

        public Builder optimalSparsity(List<Budget> requests) {
            this.optimalSparsity = requests;
            return this;
        }

        /** Budgets in training FLOPs (needs the data's FLOP columns). */
        public Builder flopBudget(boolean flops) {
            this.flopBudget = flops;
            return this;
        }

        public Builder costAccounting(CostAccounting cost) {
            this.costAccounting = cost;
            return this;
        }

        public FitOptions build() {
            double delta =
                    huberDelta != null
                            ? huberDelta
                            : residualSpace == ResidualSpace.LOG ? 0.001 : 0.01;
            return new FitOptions(
                    residualSpace,
                    delta,
                    starts,
                    seed,
                    bootstrap,
                    bootstrapStarts,
                    confidence,
                    holdout,
                    crossValidation,
                    columns,
                    multiplierSparsities,
                    optimalSparsity,
                    flopBudget,
                    costAccounting);
        }
    }
}
