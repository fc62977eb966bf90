package io.sparsesweep.core.result;

import io.sparsesweep.core.plan.GridPoint;
import io.sparsesweep.crd.TrainingSpec;
import io.sparsesweep.protocol.TrialResult;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes succeeded trials as the CSV {@code ./sparsesweep fit} reads. Columns: {@value #HEADER};
 * {@code data} is the number of training examples, {@code sparsity} the grid's target and {@code
 * achieved_sparsity} what the trial reached (the fit uses the achieved value and lists trials that
 * missed), {@code seed} the trial's seed (repeats of a configuration), {@code prune_start} and
 * {@code prune_end} the sweep's pruning window (the fit's cost accounting), the FLOP columns the
 * trainer's count per example (the fit's FLOP budget). A value the trial did not report is an empty
 * cell. Rows are in the order given; numbers use a locale-free format so the operator and the local
 * runner write identical bytes.
 */
public final class ResultsCsvWriter {
    /** The header line. */
    public static final String HEADER =
            "trial,sparsity,achieved_sparsity,pattern,seed,nonzero_params,data,val_loss,steps,"
                    + "prune_start,prune_end,train_flops_per_example,block_flops_per_example";

    /** The trainer's pruning window when a sweep does not set one (--prune-start, --prune-end). */
    public static final double DEFAULT_PRUNE_START = 0.25;

    public static final double DEFAULT_PRUNE_END = 0.75;

    private ResultsCsvWriter() {}

    /**
     * A sweep's pruning window as fractions of training.
     *
     * @param start spec.training.pruneStart or the trainer's default
     * @param end spec.training.pruneEnd or the trainer's default
     */
    public record Window(double start, double end) {
        /** The window of a sweep's training settings (null: the trainer's defaults). */
        public static Window of(TrainingSpec t) {
            return new Window(
                    t == null || t.getPruneStart() == null
                            ? DEFAULT_PRUNE_START
                            : t.getPruneStart(),
                    t == null || t.getPruneEnd() == null ? DEFAULT_PRUNE_END : t.getPruneEnd());
        }
    }

    /**
     * One row.
     *
     * @param trialId trial id
     * @param sparsity target sparsity of the grid point
     * @param achievedSparsity sparsity the trial reached, or null when it did not say
     * @param pattern pattern of the grid point
     * @param seed seed of the grid point
     * @param nonzeroParams nonzero parameters at the end of training
     * @param examples training examples seen
     * @param valLoss final validation loss
     * @param steps optimiser steps
     * @param trainFlopsPerExample the trainer's training FLOPs per example, or null
     * @param blockFlopsPerExample the block-matmul part of them, or null
     */
    public record Row(
            String trialId,
            double sparsity,
            Double achievedSparsity,
            String pattern,
            int seed,
            long nonzeroParams,
            long examples,
            double valLoss,
            long steps,
            Double trainFlopsPerExample,
            Double blockFlopsPerExample) {
        /** The row for a trial's grid point and result. */
        public static Row of(String trialId, GridPoint p, TrialResult r) {
            return new Row(
                    trialId,
                    p.sparsity(),
                    r.achievedSparsity(),
                    p.pattern(),
                    p.seed(),
                    r.nonzeroParams(),
                    r.examples(),
                    r.valLoss(),
                    r.steps(),
                    known(r.trainFlopsPerExample()),
                    known(r.blockFlopsPerExample()));
        }

        /** NaN (the trainer did not say) as an empty cell. */
        private static Double known(double v) {
            return Double.isNaN(v) ? null : v;
        }
    }

    /** The whole file, header first, each line ending with a newline. */
    public static String write(List<Row> rows, Window window) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            b.append(r.trialId())
                    .append(',')
                    .append(GridPoint.formatSparsity(r.sparsity()))
                    .append(',')
                    .append(plain(rounded(r.achievedSparsity())))
                    .append(',')
                    .append(r.pattern())
                    .append(',')
                    .append(r.seed())
                    .append(',')
                    .append(r.nonzeroParams())
                    .append(',')
                    .append(r.examples())
                    .append(',')
                    .append(BigDecimal.valueOf(r.valLoss()).toPlainString())
                    .append(',')
                    .append(r.steps())
                    .append(',')
                    .append(plain(window.start()))
                    .append(',')
                    .append(plain(window.end()))
                    .append(',')
                    .append(plain(r.trainFlopsPerExample()))
                    .append(',')
                    .append(plain(r.blockFlopsPerExample()))
                    .append('\n');
        }
        return b.toString();
    }

    /**
     * Six decimals: far finer than the half point the fit checks, and it keeps 1000 rows within the
     * fitting Job's input annotation.
     */
    private static Double rounded(Double v) {
        return v == null ? null : Math.round(v * 1e6) / 1e6;
    }

    private static String plain(Double v) {
        return v == null ? "" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
