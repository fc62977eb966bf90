package io.sparsesweep.crd.result;

import io.sparsesweep.crd.plan.GridPoint;
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
     * @param result the trial's result
     */
    public record Row(String trialId, double sparsity, String pattern, TrialResult result) {}

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
                    .append(r.result().nonzeroParams())
                    .append(',')
                    .append(r.result().examples())
                    .append(',')
                    .append(BigDecimal.valueOf(r.result().valLoss()).toPlainString())
                    .append(',')
                    .append(r.result().steps())
                    .append('\n');
        }
        return b.toString();
    }
}
