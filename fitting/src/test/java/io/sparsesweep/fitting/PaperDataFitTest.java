package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paper's own sweeps, normalised as the authors' notebook does (paper.md §1.2-1.5). Skipped,
 * visibly, when {@code ../shared/paper-data} is absent.
 */
class PaperDataFitTest {

    /** Notebook cell 9, in its form (a(1-S)^b + c) N^-d + e D^-f + g. */
    private static final double[] VIT_NOTEBOOK = {
        1.30485411, 0.82101251, 2.07506343, 0.39222675, 0.27818217, 0.88979104, 4.51669257
    };

    /** Notebook cell 15. */
    private static final double[] T5_NOTEBOOK = {
        0.56778512, 0.72161276, 1.52265016, 0.24513173, 0.63361517, 0.20270772, 0.65074219
    };

    @BeforeEach
    void paperDataPresent() {
        assumeTrue(
                PaperData.available(),
                "SKIPPED: paper data not found at "
                        + PaperData.folder()
                        + " (../shared/paper-data)");
    }

    /** The notebook's (a, b, c, d, e, f, g) as our law: aD = e^(1/f). */
    static ScalingLaw fromNotebook(double[] v) {
        return new ScalingLaw(v[0], v[1], v[2], v[3], Math.pow(v[4], 1 / v[5]), v[5], v[6]);
    }

    @Test
    void ourObjectiveReproducesTheNotebooksPrintedValues() throws Exception {
        double vit =
                new HuberObjective(ResidualSpace.LINEAR, 0.01)
                        .value(fromNotebook(VIT_NOTEBOOK), PaperData.vit());
        assertThat(vit).isCloseTo(4.929087939147767e-4, within(1e-10));
        double t5 =
                new HuberObjective(ResidualSpace.LOG, 0.001)
                        .value(fromNotebook(T5_NOTEBOOK), PaperData.t5());
        assertThat(t5).isCloseTo(7.603605281507622e-6, within(1e-11));
    }

    @Test
    void vitReachesTheNotebooksOptimumFromDefaults() throws Exception {
        SweepData vit = PaperData.vit();
        assertThat(vit.size()).isEqualTo(112);
        FitResult fit = ScalingLawFitter.create().fit(vit);
        assertThat(fit.objective()).isLessThanOrEqualTo(4.929088e-4);
        double[] got = fit.law().toArray();
        ScalingLaw nb = fromNotebook(VIT_NOTEBOOK);
        double[] want = nb.toArray();
        for (int j = 0; j < 7; j++) {
            assertThat(got[j])
                    .as(ScalingLaw.NAMES[j])
                    .isCloseTo(want[j], within(2e-3 * Math.abs(want[j])));
        }
        assertThat(fit.startsNearBest()).isGreaterThan(fit.starts() / 2);
    }

    @Test
    void t5FindsTheConvergedOptimumNotTheNotebooksEarlyStop() throws Exception {
        SweepData t5 = PaperData.t5();
        assertThat(t5.size()).isEqualTo(48);
        FitResult fit =
                ScalingLawFitter.create()
                        .withResidualSpace(ResidualSpace.LOG)
                        .withHuberDelta(0.001)
                        .fit(t5);
        // paper.md §1.5: the fully converged minimum is 4.88012e-6 at bS = 1.34497, bD = 0.38464
        assertThat(fit.objective()).isLessThan(4.8802e-6);
        assertThat(fit.objective()).isLessThan(7.6036e-6);
        assertThat(fit.law().bS()).isCloseTo(1.34497, within(2e-3));
        assertThat(fit.law().bD()).isCloseTo(0.38464, within(2e-3));
        assertThat(fit.law().bN()).isCloseTo(0.23168, within(1e-3));
        assertThat(fit.startsNearBest()).isGreaterThan(fit.starts() / 2);
    }

    @Test
    void heldOutLargestT5ModelsArePredictedWithinAFewPercent() throws Exception {
        FitOptions options =
                FitOptions.builder().logSpace(true).holdout("nonzero_params == max").build();
        FitReport report = FitPipeline.run(PaperData.t5(), options);
        assertThat(report.holdout().heldOut()).isEqualTo(12);
        assertThat(report.holdout().fitted()).isEqualTo(36);
        assertThat(report.holdout().maxAbsRelError()).isLessThan(0.03);
    }
}
