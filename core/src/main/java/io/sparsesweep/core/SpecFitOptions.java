package io.sparsesweep.core;

import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.Task;
import io.sparsesweep.crd.TrainingSpec;
import io.sparsesweep.fitting.CostAccounting;
import io.sparsesweep.fitting.FitOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The fitter's options from a sweep's {@code spec.fitting}: the one mapping used by both the
 * operator's fitting Job and the local {@code sparsesweep run}, so the same manifest fits the same
 * way in both places. An unset residual space follows the paper: log residuals for language models
 * ({@code task: lm}), linear residuals for vision ({@code task: vit}).
 */
public final class SpecFitOptions {
    private SpecFitOptions() {}

    /**
     * The options for this spec.
     *
     * @throws SpecValidationException when a value of {@code spec.fitting} is one the fitter would
     *     refuse, naming the field (the fitter's own message names its command-line flag instead)
     */
    public static FitOptions of(SparseSweepSpec spec) {
        FittingSpec f = spec.effectiveFitting();
        List<String> errors = new ArrayList<>();
        check(f, errors);
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        FitOptions.Builder b =
                FitOptions.builder()
                        .logSpace(residualSpace(spec) == FittingSpec.ResidualSpace.LOG)
                        .huberDelta(f.getHuberDelta());
        if (f.getStarts() != null) {
            b.starts(f.getStarts());
        }
        if (f.getSeed() != null) {
            b.seed(f.getSeed());
        }
        if (f.getBootstrap() != null) {
            b.bootstrap(f.getBootstrap());
        }
        if (f.getHoldout() != null && !f.getHoldout().isBlank()) {
            b.holdout(f.getHoldout());
        }
        if (f.getCv() == FittingSpec.CrossValidation.SIZES) {
            b.crossValidation(io.sparsesweep.fitting.CrossValidation.SIZES);
        }
        TrainingSpec t = spec.effectiveTraining();
        if (t.getPruneStart() != null || t.getPruneEnd() != null) {
            // The sweep's own pruning window prices sparse training (unset ends are the
            // trainer's defaults, the paper's 25% and 75%).
            b.costAccounting(
                    CostAccounting.gradual(
                            t.getPruneStart() == null ? 0.25 : t.getPruneStart(),
                            t.getPruneEnd() == null ? 0.75 : t.getPruneEnd()));
        }
        return b.build();
    }

    /**
     * {@code spec.fitting.residualSpace}, or when unset log for {@code lm} and linear otherwise.
     */
    public static FittingSpec.ResidualSpace residualSpace(SparseSweepSpec spec) {
        FittingSpec.ResidualSpace set = spec.effectiveFitting().getResidualSpace();
        if (set != null) {
            return set;
        }
        return spec.getTask() == Task.LM
                ? FittingSpec.ResidualSpace.LOG
                : FittingSpec.ResidualSpace.LINEAR;
    }

    /**
     * Adds an error for each value the fitter would refuse. {@link SpecValidator} calls this too,
     * so a bad value is reported before any trial runs, not only when the fit starts.
     */
    static void check(FittingSpec f, List<String> errors) {
        Double delta = f.getHuberDelta();
        if (delta != null && !(delta > 0 && Double.isFinite(delta))) {
            errors.add("spec.fitting.huberDelta: " + delta + " must be a finite number > 0");
        }
        if (f.getStarts() != null && f.getStarts() < 1) {
            errors.add("spec.fitting.starts: " + f.getStarts() + " must be >= 1");
        }
        if (f.getBootstrap() != null && f.getBootstrap() < 0) {
            errors.add("spec.fitting.bootstrap: " + f.getBootstrap() + " must be >= 0");
        }
    }
}
