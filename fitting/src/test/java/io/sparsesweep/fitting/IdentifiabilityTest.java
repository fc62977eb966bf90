package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdentifiabilityTest {

    @Test
    void quickstartFlagsTheIrreducibleLossAndTheSparsityTermItCannotPinDown() throws Exception {
        FitReport r =
                FitPipeline.run(
                        RepoFiles.quickstart(),
                        FitOptions.builder().logSpace(true).bootstrap(100).build());
        FitDiagnostics d = r.diagnostics();
        // c sits at 3e-266: the fit pushed it to its bound 0, where nothing constrains it.
        assertThat(d.notIdentified()).contains("c", "bS");
        assertThat(d.reasons().get("c")).contains("bound 0");
        assertThat(d.atBound()).extracting(FitDiagnostics.Bound::parameter).contains("c");
        assertThat(d.numericalRank()).isLessThan(7);
        assertThat(d.conditionNumber() == null || d.conditionNumber() > 1e12).isTrue();
        // what depends on the open coefficients says so
        assertThat(d.derivedAffected()).containsKey("multipliers");
        assertThat(d.derivedAffected().get("multipliers")).contains("bS");
        // bN, aD and bD are pinned by the sizes and lengths of the grid
        assertThat(d.notIdentified()).doesNotContain("bN", "aD", "bD");
    }

    @Test
    void everyZeroWidthIntervalIsFlagged() throws Exception {
        FitReport r =
                FitPipeline.run(
                        RepoFiles.quickstart(),
                        FitOptions.builder().logSpace(true).bootstrap(100).build());
        // The warm-start-only bootstrap returned c in [3.07e-266, 3.07e-266] here.
        double[] c = r.intervals().coefficients().get("c");
        assertThat(c[1]).isGreaterThan(c[0]);
        for (String name : ScalingLaw.NAMES) {
            double[] ci = r.intervals().coefficients().get(name);
            if (!(ci[1] > ci[0])) {
                assertThat(r.diagnostics().notIdentified()).as(name).contains(name);
            }
        }
    }

    @Test
    void anExponentOutsideTheLawsDomainIsNotIdentified() {
        // Sparse models worse per non-zero the sparser they are: (1-S)^bS with bS < 0. The fit
        // follows the data to a negative exponent; its interval may be finite, but the value
        // describes a misfit of the law's shape, and what is derived from it must say so.
        ScalingLaw rising = new ScalingLaw(294.39, -0.5, 468.16, 0.3922, 2.3741e8, 0.8898, 4.5167);
        FitReport r =
                FitPipeline.run(
                        Synthetic.sweep(rising, 0.005, 5), FitOptions.builder().starts(10).build());
        FitDiagnostics d = r.diagnostics();
        assertThat(r.law().get("bS")).isNegative();
        assertThat(d.atBound()).extracting(FitDiagnostics.Bound::parameter).contains("bS");
        assertThat(d.notIdentified()).contains("bS");
        assertThat(d.reasons().get("bS")).contains("outside the law's domain");
        assertThat(d.derivedAffected()).containsKey("multipliers");
    }

    @Test
    void aWellDesignedSweepHasEveryCoefficientIdentified() {
        FitReport r =
                FitPipeline.run(
                        Synthetic.sweep(Synthetic.TRUTH, 0.01, 3),
                        FitOptions.builder().starts(10).build());
        FitDiagnostics d = r.diagnostics();
        assertThat(d.notIdentified()).isEmpty();
        assertThat(d.numericalRank()).isEqualTo(7);
        assertThat(d.conditionNumber()).isBetween(1.0, 1e4);
        assertThat(d.derivedAffected()).isNull();
        for (FitDiagnostics.Profile p : d.profile()) {
            assertThat(Math.min(p.lowerRise(), p.upperRise()))
                    .as(p.parameter())
                    .isGreaterThan(d.profileThreshold());
        }
    }

    @Test
    void theSparsityShapeIsOpenWithOnlyOnePrunedLevel() {
        // Dense and 50% only: aS (1-S)^bS + cS is seen at two sparsities, so aS, bS and cS
        // (three numbers) cannot all be pinned down by two.
        List<Observation> pts = new ArrayList<>();
        Random rng = new Random(4);
        for (Observation o : Synthetic.sweep(Synthetic.TRUTH, 0, 1).points()) {
            if (o.sparsity() == 0 || o.sparsity() == 0.5) {
                pts.add(
                        new Observation(
                                o.sparsity(),
                                o.nonzeroParams(),
                                o.data(),
                                o.loss() * (1 + 0.005 * rng.nextGaussian())));
            }
        }
        FitReport r =
                FitPipeline.run(SweepData.of("two-levels", pts), FitOptions.builder().build());
        assertThat(r.diagnostics().notIdentified()).containsAnyOf("aS", "bS", "cS");
        assertThat(r.diagnostics().notIdentified()).doesNotContain("bN");
    }

    @Test
    void paperSweepsAreIdentifiedExceptTheT5IrreducibleLoss() throws Exception {
        assumeTrue(PaperData.available(), "paper data not found at " + PaperData.folder());
        FitDiagnostics vit =
                FitPipeline.run(PaperData.vit(), FitOptions.builder().build()).diagnostics();
        assertThat(vit.notIdentified()).isEmpty();
        assertThat(vit.numericalRank()).isEqualTo(7);
        // The converged T5 optimum has c = 0.83, but a c a thousand times smaller fits its 48
        // points about as well (the data term with bD = 0.38 absorbs it): c is open below.
        FitDiagnostics t5 =
                FitPipeline.run(PaperData.t5(), FitOptions.builder().logSpace(true).build())
                        .diagnostics();
        assertThat(t5.notIdentified()).containsExactly("c");
    }

    @Test
    void riseIsTheLikelihoodRatioStatisticAndStaysFinite() {
        assertThat(Identifiability.rise(1.0, 1.1, 40))
                .isEqualTo(4.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Identifiability.rise(1.0, 0.9, 40)).isZero();
        assertThat(Identifiability.rise(0.0, 0.1, 40)).isEqualTo(Double.MAX_VALUE);
        assertThat(Identifiability.rise(1.0, Double.POSITIVE_INFINITY, 40))
                .isEqualTo(Double.MAX_VALUE);
    }
}
