package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.fitting.BootstrapIntervals;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.ScalingLaw;
import java.util.ArrayList;
import java.util.List;

/** The grid of the 48-trial end-to-end sweep and what "the fit recovered the truth" means. */
final class E2eGrid {
    static final int[][] SIZES = {{256, 6, 4}, {384, 6, 6}, {512, 8, 8}}; // width, depth, heads
    static final double[] SPARSITIES = {0.0, 0.5, 0.75, 0.875};
    static final long[] STEPS = {1000, 2000, 4000, 8000};
    static final long BATCH = 65536;

    private E2eGrid() {}

    static List<TrialArgs> points() {
        List<TrialArgs> out = new ArrayList<>();
        for (int[] size : SIZES) {
            for (double s : SPARSITIES) {
                for (long steps : STEPS) {
                    out.add(
                            new TrialArgs(
                                    size[0],
                                    size[1],
                                    size[2],
                                    4,
                                    steps,
                                    s,
                                    "unstructured",
                                    0,
                                    BATCH));
                }
            }
        }
        return out;
    }

    /**
     * The fitted law reproduces the noise-free truth at every grid point to well within the
     * noise-free spread, and each true dense-equivalent multiplier lies inside its bootstrap
     * interval (the multipliers are what a sweep is for; single coefficients trade off against each
     * other and are not identified one by one on 48 points).
     */
    static void assertRecovers(FitReport report, KnownLaw law) {
        ScalingLaw fitted = report.scalingLaw();
        for (TrialArgs t : points()) {
            double truth = law.expectedLoss(t);
            double predicted = fitted.predict(t.sparsity(), t.nonzeroParams(), t.examples());
            assertThat(Math.abs(predicted / truth - 1))
                    .as("relative error at %s", t.key())
                    .isLessThan(0.01);
        }
        BootstrapIntervals intervals = report.intervals();
        assertThat(intervals).as("bootstrap intervals").isNotNull();
        assertThat(intervals.multipliers()).isNotEmpty();
        for (BootstrapIntervals.At at : intervals.multipliers()) {
            double trueMultiplier = law.truth().multiplier(at.at());
            assertThat(trueMultiplier)
                    .as(
                            "true multiplier at S=%s within %s",
                            at.at(), java.util.Arrays.toString(at.interval()))
                    .isBetween(at.interval()[0], at.interval()[1]);
        }
    }
}
