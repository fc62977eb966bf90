package io.sparsesweep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.crd.DatasetVolume;
import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
    @Test
    void sampleIsValid() {
        assertThat(SpecValidator.validate(Sweeps.lm())).isEmpty();
    }

    @Test
    void errorsNameTheFieldAndValue() {
        SparseSweep s = Sweeps.lm();
        s.getSpec().getGrid().setSparsities(new ArrayList<>(List.of(0.5, 1.0, 0.5)));
        s.getSpec().getGrid().setPatterns(new ArrayList<>(List.of("unstructured", "4:2", "3-4")));
        s.getSpec().getModel().getSizes().get(0).setWidth(65);
        s.getSpec().getTraining().setPruneStart(0.9);
        assertThat(SpecValidator.validate(s))
                .contains(
                        "spec.grid.sparsities[1]: 1.0 is not in [0, 1)",
                        "spec.grid.sparsities[2]: 0.5 is listed twice",
                        "spec.grid.patterns[1]: '4:2' needs n < m",
                        "spec.grid.patterns[2]: '3-4' must be 'unstructured' or 'n:m'",
                        "spec.model.sizes[0].width: 65 is not divisible by heads 4",
                        "spec.training.pruneStart: 0.9 exceeds pruneEnd 0.75");
    }

    @Test
    void warmupIsStepsOrAFractionAndASizesRateMustBePositive() {
        SparseSweep s = Sweeps.lm();
        s.getSpec().getTraining().setWarmupSteps(10L);
        s.getSpec().getTraining().setWarmupFraction(1.5);
        s.getSpec().getModel().getSizes().get(0).setLearningRate(0.0);
        assertThat(SpecValidator.validate(s))
                .anyMatch(e -> e.startsWith("spec.training.warmupFraction: 1.5 is not in [0, 1)"))
                .anyMatch(e -> e.contains("set either it or warmupSteps"))
                .anyMatch(e -> e.startsWith("spec.model.sizes[0].learningRate: 0.0 must be > 0"));
    }

    @Test
    void nameMustLeaveRoomForChildNames() {
        SparseSweep s = Sweeps.lm();
        s.getMetadata().setName("x".repeat(51));
        assertThat(SpecValidator.validate(s))
                .singleElement()
                .asString()
                .startsWith("metadata.name:");
        s.getMetadata().setName("x".repeat(50));
        assertThat(SpecValidator.validate(s)).isEmpty();
        assertThat(SweepNames.trialJobName(s.getMetadata().getName(), "0123abcd", 99))
                .hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void datasetVolumeIsMountedAtAnAbsoluteDatasetPath() {
        SparseSweep s = Sweeps.lm();
        s.getSpec().setDataset("/data/fashion-mnist");
        s.getSpec().setDatasetVolume(new DatasetVolume("datasets", "fashion-mnist/v1"));
        assertThat(SpecValidator.validate(s)).isEmpty();

        s.getSpec().setDataset("fashion-mnist");
        s.getSpec().setDatasetVolume(new DatasetVolume("Data_Sets", "../etc"));
        assertThat(SpecValidator.validate(s))
                .containsExactly(
                        "spec.dataset: 'fashion-mnist' must be an absolute path (no '.' or '..'"
                                + " segments) when spec.datasetVolume is set: it is where the"
                                + " claim is mounted",
                        "spec.datasetVolume.claimName: 'Data_Sets' must be the name of a"
                                + " PersistentVolumeClaim",
                        "spec.datasetVolume.path: '../etc' must be a relative directory inside"
                                + " the claim (no '.' or '..' segments)");

        s.getSpec().setDataset("/checkpoints");
        s.getSpec().setDatasetVolume(new DatasetVolume("datasets", null));
        assertThat(SpecValidator.validate(s))
                .singleElement()
                .asString()
                .startsWith("spec.dataset: '/checkpoints' is already a mount point");
        s.getSpec().setDataset("/data/../tmp");
        assertThat(SpecValidator.validate(s))
                .singleElement()
                .asString()
                .startsWith("spec.dataset: '/data/../tmp' must be an absolute path");
    }

    @Test
    void nonzeroSparsitiesNeedUnstructured() {
        SparseSweep s = Sweeps.lm();
        s.getSpec().getGrid().setPatterns(new ArrayList<>(List.of("2:4")));
        assertThat(SpecValidator.validate(s))
                .singleElement()
                .asString()
                .startsWith("spec.grid.sparsities: nonzero sparsities apply to pattern");
    }

    @Test
    void tooFewTrialsToFitIsReported() {
        SparseSweep s = Sweeps.lm();
        s.getSpec().setFitting(new FittingSpec());
        s.getSpec().getFitting().setMinSucceededTrials(100);
        assertThatThrownBy(() -> SpecValidator.check(s))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("spec.fitting.minSucceededTrials: 100 exceeds the 16 trials");
    }

    @Test
    void manifestsWithUnknownFieldsOrWrongKindAreRejected() {
        assertThatThrownBy(
                        () -> SweepManifests.parse(Sweeps.LM.replace("parallelism", "paralelism")))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("paralelism");
        assertThatThrownBy(
                        () ->
                                SweepManifests.parse(
                                        Sweeps.LM.replace("kind: SparseSweep", "kind: Job")))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("kind: 'Job'");
    }
}
