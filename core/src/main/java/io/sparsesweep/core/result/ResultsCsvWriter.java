package io.sparsesweep.core.result;

import io.sparsesweep.core.plan.GridPoint;
import io.sparsesweep.protocol.TrialResult;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes succeeded trials as the CSV {@code ./sparsesweep fit} reads. Columns: {@value #HEADER};
 * {@code data} is the number of training examples, {@code sparsity} the grid's target (the achieved
 * value is in the trial status). Rows are in the order given; numbers use a locale-free format so
 * the operator and the local runner write identical bytes.
 */
public final class ResultsCsvWriter {
    /** The header line. */
    public static final String HEADER = "trial,sparsity,pattern,nonzero_params,data,val_loss,steps";

    private ResultsCsvWriter() {}

    /**
     * One row.
     *
     * @param trialId trial id
     * @param sparsity target sparsity of the grid point
     * @param pattern pattern of the grid point
     * @param nonzeroParams nonzero parameters at the end of training
     * @param examples training examples seen
     * @param valLoss final validation loss
     * @param steps optimiser steps
     */
    public record Row(
            String trialId,
            double sparsity,
            String pattern,
            long nonzeroParams,
            long examples,
            double valLoss,
            long steps) {
        /** The row for a trial's grid point and result. */
        public static Row of(String trialId, double sparsity, String pattern, TrialResult r) {
            return new Row(
                    trialId,
                    sparsity,
                    pattern,
                    r.nonzeroParams(),
                    r.examples(),
                    r.valLoss(),
                    r.steps());
        }
    }

    /** The whole file, header first, each line ending with a newline. */
    public static String write(List<Row> rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            b.append(r.trialId())
                    .append(',')
                    .append(GridPoint.formatSparsity(r.sparsity()))
                    .append(',')
                    .append(r.pattern())
                    .append(',')
                    .append(r.nonzeroParams())
                    .append(',')
                    .append(r.examples())
                    .append(',')
                    .append(BigDecimal.valueOf(r.valLoss()).toPlainString())
                    .append(',')
                    .append(r.steps())
                    .append('\n');
        }
        return b.toString();
    }
}
