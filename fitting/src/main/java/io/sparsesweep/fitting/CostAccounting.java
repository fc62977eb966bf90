package io.sparsesweep.fitting;

/**
 * How much a sparse training run costs, as a multiple {@code c_mul(S)} of {@code N * D} (N the
 * final non-zeros): training is dense for the first {@code begin} fraction, prunes along a
 * polynomial schedule of power {@code power} until {@code end}, then runs at the final density
 * (paper.md §2.2). With gradual pruning from 25% to 75% on a cubic schedule, {@code c_mul(S) =
 * (0.25 + 0.5 (1 - 0.75 S)) / (1 - S) + 0.25}. {@link #dense()} charges the dense model's cost for
 * the whole run ({@code 1 / (1 - S)}): sparsity that saves no training compute.
 */
public record CostAccounting(String name, double begin, double end, double power)
        implements TrainingCost {

    public CostAccounting {
        if (!(0 <= begin && begin <= end && end <= 1) || !(power > 0)) {
            throw new FitInputException(
                    "cost accounting needs 0 <= begin <= end <= 1 and power > 0, got begin="
                            + begin
                            + " end="
                            + end
                            + " power="
                            + power);
        }
    }

    /** The paper's recipe: cubic gradual pruning from 25% to 75% of training. */
    public static CostAccounting gradual() {
        return gradual(0.25, 0.75);
    }

    /**
     * Cubic gradual pruning from {@code begin} to {@code end} (fractions of training): the
     * trainer's schedule, with a sweep's own window (the TPU example prunes from 20% to 80%).
     */
    public static CostAccounting gradual(double begin, double end) {
        return new CostAccounting(
                "gradual " + fraction(begin) + "-" + fraction(end), begin, end, 3);
    }

    private static String fraction(double f) {
        return java.math.BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
    }

    /** Pruned weights are paid for as if dense throughout. */
    public static CostAccounting dense() {
        return new CostAccounting("dense", 1, 1, 3);
    }

    @Override
    public String unit() {
        return "non-zeros x data";
    }

    /** {@code N c_mul(S)}: a dense model of N parameters trained on D costs N D. */
    @Override
    public double perDatum(double s, double n) {
        return n * multiplier(s);
    }

    @Override
    public double denseSlope(double n) {
        return multiplier(0);
    }

    /** {@code c_mul(S)}: training cost over {@code N * D}. */
    public double multiplier(double s) {
        double meanDensityWhilePruning = 1 - s * power / (power + 1);
        return (begin + (end - begin) * meanDensityWhilePruning) / (1 - s) + (1 - end);
    }
}
