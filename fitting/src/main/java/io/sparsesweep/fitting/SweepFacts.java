package io.sparsesweep.fitting;

import java.util.List;

/**
 * What a results file says about how its runs were trained, beyond the four numbers the law needs:
 * which runs missed their target sparsity, the pruning window the compute accounting should use,
 * and the training FLOPs per example of each model. All optional: a plain four-column CSV has none.
 *
 * @param sparsityMismatches runs whose achieved sparsity differs from the target by more than
 *     {@value #MISMATCH_TOLERANCE} (the fit uses the achieved value)
 * @param pruneWindow the sweep's pruning window as cost accounting, or null when the file does not
 *     say
 * @param flops the training cost of each unstructured run's model, empty when the file does not say
 */
public record SweepFacts(
        List<SparsityMismatch> sparsityMismatches,
        CostAccounting pruneWindow,
        List<FlopsRow> flops) {

    /** Half a percentage point: "missed its target" beyond this. */
    public static final double MISMATCH_TOLERANCE = 0.005;

    public SweepFacts {
        sparsityMismatches = List.copyOf(sparsityMismatches);
        flops = List.copyOf(flops);
    }

    /** No facts: a plain results file. */
    public static SweepFacts none() {
        return new SweepFacts(List.of(), null, List.of());
    }

    /**
     * A run that did not reach its target sparsity.
     *
     * @param row the trial id, or the line number when the file has no trial column
     * @param target the sparsity it was configured for
     * @param achieved the sparsity it ended with
     */
    public record SparsityMismatch(String row, double target, double achieved) {}

    /**
     * The training cost of one run's model per example.
     *
     * @param denseParams N / (1 - S): the block weights of the model before pruning
     * @param flopsPerExample training FLOPs per example of the model with every weight dense
     * @param blockFlopsPerExample the part of it spent in the transformer-block matmuls
     */
    public record FlopsRow(
            double denseParams, double flopsPerExample, double blockFlopsPerExample) {}
}
