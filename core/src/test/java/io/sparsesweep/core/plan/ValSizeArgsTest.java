package io.sparsesweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.core.SpecValidationException;
import io.sparsesweep.core.SpecValidator;
import io.sparsesweep.core.SweepManifests;
import org.junit.jupiter.api.Test;

/** training.valSize reaches every trial as --val-size; absent, the trainer's default applies. */
class ValSizeArgsTest {
    private static final String SWEEP =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata: {name: vit}
            spec:
              task: vit
              dataset: /data/fashion-mnist
              model: {sizes: [{name: s, width: 32, depth: 2, heads: 2}]}
              grid: {sparsities: [0.0, 0.5], steps: [100]}
              fitting: {enabled: false}
              training: {%s}
              trainer: {image: img}
            """;

    @Test
    void valSizeBecomesTheTrainerFlag() {
        var planned =
                SweepPlanner.plan(
                        SweepManifests.parse(SWEEP.formatted("valSize: 10000")).getSpec());
        assertThat(planned)
                .hasSize(2)
                .allSatisfy(
                        t -> {
                            int i = t.trainArgs().indexOf("--val-size");
                            assertThat(i).isNotNegative();
                            assertThat(t.trainArgs().get(i + 1)).isEqualTo("10000");
                        });
        var unset = SweepPlanner.plan(SweepManifests.parse(SWEEP.formatted("")).getSpec());
        assertThat(unset).noneMatch(t -> t.trainArgs().contains("--val-size"));
    }

    @Test
    void aValSizeBelowOneIsRejectedNamingTheField() {
        assertThatThrownBy(
                        () ->
                                SpecValidator.check(
                                        SweepManifests.parse(SWEEP.formatted("valSize: 0"))))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("spec.training.valSize");
        assertThat(SpecValidator.validate(SweepManifests.parse(SWEEP.formatted("valSize: 512"))))
                .isEmpty();
    }
}
