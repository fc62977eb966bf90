package io.sparsesweep.fitting;

import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Training cost in FLOPs per example, as the trainer counts them for its models: the block matmuls,
 * {@code kBlock} FLOPs per block weight and example ({@code 6 x tokens}: forward and backward of a
 * multiply-add), charged at the density the pruning schedule leaves ({@code N c_mul(S)}, as {@link
 * CostAccounting}), plus everything sparsity does not touch — attention scores and values, the
 * head, the patch embedding — which grows with the model's dense size as {@code other(Nd) = a
 * Nd^g}. At the small widths of a CPU sweep that remainder is a large share (block matmuls are only
 * 69-87% of the validation sweeps' training FLOPs), so budgets in "non-zeros x data" misprice small
 * models.
 *
 * <p>{@link #fit} takes kBlock and (a, g) from the sweep's own runs (results columns {@code
 * train_flops_per_example} and {@code block_flops_per_example}): kBlock as the median of block
 * FLOPs over dense block weights, (a, g) by least squares on log other against log Nd over the
 * distinct model sizes. With a single size, g = 1/2 (the remainder grows with width at fixed depth,
 * Nd with width squared).
 */
public record FlopCost(CostAccounting schedule, double kBlock, double otherScale, double otherPower)
        implements TrainingCost {

    /** The cost model of {@code rows} (one per run) under the pruning {@code schedule}. */
    public static FlopCost fit(List<SweepFacts.FlopsRow> rows, CostAccounting schedule) {
        if (rows.isEmpty()) {
            throw new FitInputException(
                    "--budget-unit flops needs the columns train_flops_per_example and"
                            + " block_flops_per_example (sweeps write them)");
        }
        double[] k = new double[rows.size()];
        TreeMap<Double, Double> otherBySize = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            SweepFacts.FlopsRow r = rows.get(i);
            k[i] = r.blockFlopsPerExample() / r.denseParams();
            double other = r.flopsPerExample() - r.blockFlopsPerExample();
            if (!(other > 0)) {
                throw new FitInputException(
                        "train_flops_per_example must exceed block_flops_per_example, got "
                                + r.flopsPerExample()
                                + " and "
                                + r.blockFlopsPerExample());
            }
            // Sizes are merged within 1%: N / (1 - S) of one model varies by rounding.
            Double near = otherBySize.floorKey(r.denseParams() * 1.01);
            if (near == null || near < r.denseParams() / 1.01) {
                otherBySize.put(r.denseParams(), other);
            }
        }
        java.util.Arrays.sort(k);
        double kBlock = k[k.length / 2];
        if (otherBySize.size() == 1) {
            var e = otherBySize.firstEntry();
            return new FlopCost(schedule, kBlock, e.getValue() / Math.sqrt(e.getKey()), 0.5);
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = otherBySize.size();
        for (var e : otherBySize.entrySet()) {
            double x = Math.log(e.getKey());
            double y = Math.log(e.getValue());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double g = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double a = Math.exp((sy - g * sx) / n);
        return new FlopCost(schedule, kBlock, a, g);
    }

    @Override
    public String name() {
        return String.format(
                Locale.ROOT,
                "%s, FLOPs: %.4g per block weight + %.4g Nd^%.3f per example",
                schedule.name(),
                kBlock,
                otherScale,
                otherPower);
    }

    @Override
    public String unit() {
        return "FLOPs";
    }

    @Override
    public double perDatum(double s, double n) {
        return kBlock * schedule.perDatum(s, n) + other(n / (1 - s));
    }

    @Override
    public double denseSlope(double n) {
        return kBlock * schedule.denseSlope(n) + otherPower * other(n) / n;
    }

    /** FLOPs per example outside the block matmuls for a model of {@code dense} block weights. */
    public double other(double dense) {
        return otherScale * Math.pow(dense, otherPower);
    }
}
