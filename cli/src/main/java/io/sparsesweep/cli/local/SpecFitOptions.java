package io.sparsesweep.cli.local;

import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.Task;
import io.sparsesweep.fitting.FitOptions;

/**
 * The fitter's options from a sweep's {@code spec.fitting}. Unset residual space follows the paper:
 * log residuals for language models, linear for vision.
 */
public final class SpecFitOptions {
    private SpecFitOptions() {}

    public static FitOptions of(SparseSweepSpec spec) {
        FittingSpec f = spec.effectiveFitting();
        boolean log =
                f.getResidualSpace() == null
                        ? spec.getTask() == Task.LM
                        : f.getResidualSpace() == FittingSpec.ResidualSpace.LOG;
        FitOptions.Builder b = FitOptions.builder().logSpace(log).huberDelta(f.getHuberDelta());
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
        return b.build();
    }
}
