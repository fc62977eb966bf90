package io.sparsesweep.cli;

import io.sparsesweep.fitting.CostAccounting;
import io.sparsesweep.fitting.FitInputException;
import io.sparsesweep.fitting.FitOptions;
import io.sparsesweep.fitting.FitPipeline;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.ResultsCsv;
import io.sparsesweep.fitting.SweepData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparsesweep fit}: fits the sparse scaling law to a results CSV. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Fits L(S,N,D) = (aS(1-S)^bS + cS) N^-bN + (aD/D)^bD + c to sweep results.",
            "",
            "Minimises the mean Huber loss of the residuals (linear f-y, or log f - log y with"
                    + " --log-space) by deterministic multi-start Levenberg-Marquardt. Coefficients"
                    + " are reported in the units of the input columns.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure while fitting", "2:bad usage or bad input"})
final class FitCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE.csv",
            description =
                    "Results CSV with a header. Reads the columns sparsity, nonzero_params, data"
                            + " and val_loss (see the *-column options). An optional pattern column"
                            + " keeps n:m runs (e.g. 2:4) out of the fit and compares them with the"
                            + " law and their unstructured twins; other columns are ignored.")
    Path input;

    @Option(
            names = "--log-space",
            description =
                    "Residuals log f - log y (the paper's language-model setting) instead of f - y.")
    boolean logSpace;

    @Option(
            names = "--huber-delta",
            paramLabel = "D",
            description = "Huber threshold (default: 0.01 linear, 0.001 with --log-space).")
    Double huberDelta;

    @Option(
            names = "--starts",
            paramLabel = "K",
            defaultValue = "25",
            description = "Multi-start count (default: ${DEFAULT-VALUE}).")
    int starts;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description =
                    "Seed of start points and bootstrap resamples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--bootstrap",
            paramLabel = "B",
            defaultValue = "0",
            description =
                    "Resample the points B times and refit each resample (from the full fit's"
                            + " optimum and --bootstrap-starts fresh starts) for percentile"
                            + " intervals of every coefficient and derived quantity (default:"
                            + " none).")
    int bootstrap;

    @Option(
            names = "--bootstrap-starts",
            paramLabel = "K",
            defaultValue = "" + FitOptions.DEFAULT_BOOTSTRAP_STARTS,
            description =
                    "Fresh starts per bootstrap resample besides the warm one, so coefficients"
                            + " the data leave open can move (default: ${DEFAULT-VALUE}).")
    int bootstrapStarts;

    @Option(
            names = "--confidence",
            paramLabel = "P",
            defaultValue = "0.95",
            description = "Coverage of the bootstrap intervals (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(
            names = "--holdout",
            paramLabel = "EXPR",
            description =
                    "Fit without the points EXPR selects and report the prediction error on them,"
                            + " e.g. 'dense_params == max' (the largest model at every sparsity;"
                            + " dense_params = N/(1-S)) or 'sparsity >= 0.875 and data == max'"
                            + " (ops == != < <= > >=; values: numbers, max, min).")
    String holdout;

    @Option(
            names = "--cv",
            paramLabel = "BY",
            description =
                    "Cross-validate: 'sizes' leaves each model size (N/(1-S)) out in turn, fits"
                            + " the rest and reports the prediction error on it.")
    String crossValidation;

    @Option(
            names = "--multiplier-at",
            paramLabel = "S",
            split = ",",
            description =
                    "Sparsities at which to report the dense-equivalent multiplier (default: the"
                            + " data's non-zero sparsities).")
    List<Double> multiplierAt;

    @Option(
            names = "--optimal-sparsity",
            paramLabel = "N:C",
            description =
                    "Solve for the optimal sparsity at N non-zeros and training budget C (in"
                            + " --budget-unit). Repeatable.")
    List<String> optimalSparsity = new ArrayList<>();

    @Option(
            names = "--cost-accounting",
            paramLabel = "MODE",
            defaultValue = "gradual",
            description =
                    "How a budget pays for sparse training: gradual (dense until the pruning"
                            + " window, cubic pruning through it, sparse after) or dense (full"
                            + " dense cost throughout). Default: ${DEFAULT-VALUE}.")
    String costAccounting;

    @Option(
            names = "--budget-unit",
            paramLabel = "UNIT",
            defaultValue = "params-data",
            description =
                    "Unit of the budgets C: params-data (non-zeros x data, a dense N trained on D"
                            + " costs N*D) or flops (training FLOPs, from the input's"
                            + " train_flops_per_example and block_flops_per_example columns:"
                            + " block matmuls at the schedule's density plus attention, head and"
                            + " embedding at full cost). Default: ${DEFAULT-VALUE}.")
    String budgetUnit;

    @Option(
            names = "--prune-window",
            paramLabel = "START:END",
            description =
                    "The pruning window of gradual cost accounting, as fractions of training"
                            + " (e.g. 0.2:0.8). Default: the input's prune_start/prune_end columns"
                            + " (sweeps write them), else 0.25:0.75, the paper's.")
    String pruneWindow;

    @Option(
            names = "--sparsity-column",
            paramLabel = "NAME",
            defaultValue = ResultsCsv.Columns.SPARSITY,
            description = "Column holding S (default: ${DEFAULT-VALUE}).")
    String sparsityColumn;

    @Option(
            names = "--nonzero-column",
            paramLabel = "NAME",
            defaultValue = ResultsCsv.Columns.NONZERO_PARAMS,
            description = "Column holding N, the non-zero parameters (default: ${DEFAULT-VALUE}).")
    String nonzeroColumn;

    @Option(
            names = "--data-column",
            paramLabel = "NAME",
            defaultValue = ResultsCsv.Columns.DATA,
            description = "Column holding D, the training data (default: ${DEFAULT-VALUE}).")
    String dataColumn;

    @Option(
            names = "--loss-column",
            paramLabel = "NAME",
            defaultValue = ResultsCsv.Columns.LOSS,
            description = "Column holding the loss (default: ${DEFAULT-VALUE}).")
    String lossColumn;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ResultsCsv.Columns columns =
                new ResultsCsv.Columns(sparsityColumn, nonzeroColumn, dataColumn, lossColumn);
        FitOptions options =
                FitOptions.builder()
                        .logSpace(logSpace)
                        .huberDelta(huberDelta)
                        .starts(starts)
                        .seed(seed)
                        .bootstrap(bootstrap)
                        .bootstrapStarts(bootstrapStarts)
                        .confidence(confidence)
                        .holdout(holdout)
                        .crossValidation(crossValidation)
                        .columns(columns)
                        .multiplierSparsities(multiplierAt)
                        .optimalSparsity(budgets())
                        .costAccounting(accounting())
                        .flopBudget(flopBudget())
                        .build();
        SweepData data = ResultsCsv.read(input, columns);
        FitReport report = FitPipeline.run(data, options);
        spec.commandLine().getOut().println(json ? report.toJson() : FitReportText.render(report));
        return ExitCodes.OK;
    }

    /** The accounting asked for, or null: gradual with the input's own window. */
    private CostAccounting accounting() {
        return switch (costAccounting) {
            case "gradual" -> pruneWindow == null ? null : window();
            case "dense" -> {
                if (pruneWindow != null) {
                    throw new FitInputException(
                            "--prune-window applies to --cost-accounting gradual, not dense");
                }
                yield CostAccounting.dense();
            }
            default ->
                    throw new FitInputException(
                            "--cost-accounting: '" + costAccounting + "' is not gradual or dense");
        };
    }

    private boolean flopBudget() {
        return switch (budgetUnit) {
            case "params-data" -> false;
            case "flops" -> true;
            default ->
                    throw new FitInputException(
                            "--budget-unit: '" + budgetUnit + "' is not params-data or flops");
        };
    }

    private CostAccounting window() {
        String[] parts = pruneWindow.split(":");
        try {
            if (parts.length == 2) {
                double start = Double.parseDouble(parts[0].trim());
                double end = Double.parseDouble(parts[1].trim());
                if (0 <= start && start <= end && end <= 1) {
                    return CostAccounting.gradual(start, end);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FitInputException(
                "--prune-window: '"
                        + pruneWindow
                        + "' is not START:END with 0 <= START <= END <= 1 (e.g. 0.25:0.75)");
    }

    private List<FitOptions.Budget> budgets() {
        List<FitOptions.Budget> out = new ArrayList<>();
        for (String raw : optimalSparsity) {
            String[] parts = raw.split(":");
            if (parts.length != 2) {
                throw new FitInputException(
                        "--optimal-sparsity: '" + raw + "' is not N:C (e.g. 1e8:1e19)");
            }
            try {
                out.add(
                        new FitOptions.Budget(
                                Double.parseDouble(parts[0].trim()),
                                Double.parseDouble(parts[1].trim())));
            } catch (NumberFormatException e) {
                throw new FitInputException(
                        "--optimal-sparsity: '" + raw + "' is not N:C with numbers N and C");
            }
        }
        return out;
    }
}
