package io.sparsesweep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.fitting.CostAccounting;
import io.sparsesweep.fitting.FitOptions;
import io.sparsesweep.fitting.ResidualSpace;
import org.junit.jupiter.api.Test;

class SpecFitOptionsTest {
    private static SparseSweep sweep(String task, String fitting) {
        String yaml = Sweeps.LM.replace("task: lm", "task: " + task);
        if (fitting != null) {
            yaml += "  fitting: " + fitting + "\n";
        }
        return SweepManifests.parse(yaml);
    }

    @Test
    void unsetResidualSpaceFollowsTheTaskAsInThePaper() {
        FitOptions lm = SpecFitOptions.of(sweep("lm", null).getSpec());
        assertThat(lm.residualSpace()).isEqualTo(ResidualSpace.LOG);
        assertThat(lm.huberDelta()).as("the paper's language-model delta").isEqualTo(0.001);

        FitOptions vit = SpecFitOptions.of(sweep("vit", "{starts: 3}").getSpec());
        assertThat(vit.residualSpace()).isEqualTo(ResidualSpace.LINEAR);
        assertThat(vit.huberDelta()).as("the paper's vision delta").isEqualTo(0.01);
    }

    @Test
    void setResidualSpaceWinsOverTheTask() {
        assertThat(
                        SpecFitOptions.of(sweep("lm", "{residualSpace: linear}").getSpec())
                                .residualSpace())
                .isEqualTo(ResidualSpace.LINEAR);
        assertThat(
                        SpecFitOptions.of(sweep("vit", "{residualSpace: log}").getSpec())
                                .residualSpace())
                .isEqualTo(ResidualSpace.LOG);
    }

    @Test
    void everySetFieldReachesTheFitter() {
        FitOptions o =
                SpecFitOptions.of(
                        sweep(
                                        "vit",
                                        "{huberDelta: 0.02, starts: 9, seed: 42, bootstrap: 30,"
                                                + " holdout: \"nonzero_params == max\"}")
                                .getSpec());
        assertThat(o.huberDelta()).isEqualTo(0.02);
        assertThat(o.starts()).isEqualTo(9);
        assertThat(o.seed()).isEqualTo(42L);
        assertThat(o.bootstrap()).isEqualTo(30);
        assertThat(o.holdout()).isEqualTo("nonzero_params == max");

        FitOptions unset = SpecFitOptions.of(sweep("vit", "{holdout: \" \"}").getSpec());
        FitOptions defaults = FitOptions.builder().build();
        assertThat(unset.holdout()).as("a blank holdout holds nothing out").isNull();
        assertThat(unset.starts()).isEqualTo(defaults.starts());
        assertThat(unset.seed()).isEqualTo(defaults.seed());
        assertThat(unset.bootstrap()).isEqualTo(defaults.bootstrap());
    }

    @Test
    void theSweepsPruningWindowPricesSparseTrainingAndCvReachesTheFitter() {
        SparseSweep tpuLike =
                SweepManifests.parse(
                        Sweeps.LM
                                        .replace("pruneStart: 0.25", "pruneStart: 0.2")
                                        .replace("pruneEnd: 0.75", "pruneEnd: 0.8")
                                + "  fitting: {cv: sizes}\n");
        FitOptions o = SpecFitOptions.of(tpuLike.getSpec());
        assertThat(o.costAccounting()).isEqualTo(CostAccounting.gradual(0.2, 0.8));
        assertThat(o.crossValidation()).isEqualTo("sizes");
        // unset: the data's own window, else the paper's (the trainer's defaults)
        SparseSweep unset =
                SweepManifests.parse(
                        Sweeps.LM
                                .replace("    pruneStart: 0.25\n", "")
                                .replace("    pruneEnd: 0.75\n", ""));
        assertThat(SpecFitOptions.of(unset.getSpec()).costAccounting()).isNull();
        assertThat(SpecFitOptions.of(sweep("lm", null).getSpec()).crossValidation()).isNull();
    }

    @Test
    void aValueTheFitterWouldRefuseNamesTheSpecField() {
        SparseSweepSpec spec = sweep("lm", null).getSpec();
        FittingSpec f = new FittingSpec();
        f.setHuberDelta(0.0);
        f.setBootstrap(-1);
        spec.setFitting(f);
        assertThatThrownBy(() -> SpecFitOptions.of(spec))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("spec.fitting.huberDelta: 0.0")
                .hasMessageContaining("spec.fitting.bootstrap: -1")
                .hasMessageNotContaining("--huber-delta");

        assertThatThrownBy(() -> sweep("lm", "{huberDelta: 0}"))
                .as("the manifest check reports it before any trial runs")
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("spec.fitting.huberDelta: 0.0");
        assertThatThrownBy(() -> sweep("lm", "{residualSpace: cubic}"))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("spec.fitting.residualSpace")
                .hasMessageContaining("cubic");
    }
}
