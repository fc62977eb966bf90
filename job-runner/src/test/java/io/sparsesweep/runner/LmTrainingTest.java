package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.protocol.TrialResult;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LmTrainingTest {
    @ParameterizedTest
    @ValueSource(strings = {"adamw", "adafactor"})
    void lossFallsAndMaskedWeightsStayExactlyZeroAfterEveryStep(String optimizer) {
        TrainConfig c =
                TinyRuns.lm()
                        .optimizer(optimizer)
                        .lr(optimizer.equals("adamw") ? 3e-3 : 2e-2)
                        .build();
        AtomicReference<CheckingBackend> checker = new AtomicReference<>();
        Trainer trainer = TinyRuns.checkedTrainer(checker);
        TinyRuns.Losses losses = new TinyRuns.Losses();
        TrialResult r = trainer.train(c, losses);
        assertThat(losses.perStep).hasSize(60);
        assertThat(losses.meanOf(50, 60)).isLessThan(losses.meanOf(0, 10) - 0.5);
        assertThat(checker.get().steps).isEqualTo(60);
        assertThat(checker.get().maskedZerosSeen).isPositive();
        assertThat(checker.get().violations).isZero();
        // Final sparsity reached exactly on the block kernels: the window ends at step 45, not a
        // multiple of 10, but its last update is at 45 all the same, so the run ends at 0.5.
        double enforced =
                new io.sparsesweep.runner.prune.CubicSchedule(0.5, 15, 45, 10).enforcedAt(59);
        assertThat(enforced).isEqualTo(0.5);
        assertThat(r.achievedSparsity())
                .isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.005));
        // Exact per-tensor counts: each block kernel keeps round(size * (1 - s)) entries.
        long expectedNonzero = 0;
        for (io.sparsesweep.runner.model.ParamSpec p : TrainingPlan.of(c).model().params()) {
            if (p.kind() == io.sparsesweep.runner.model.ParamSpec.Kind.BLOCK_KERNEL) {
                expectedNonzero +=
                        io.sparsesweep.runner.prune.TopKMask.keptCount((int) p.size(), enforced);
            }
        }
        assertThat(r.nonzeroParams()).isEqualTo(expectedNonzero);
        assertThat(r.toJson()).startsWith("{\"v\":1,").contains("\"nonzeroParams\":");
    }
}
