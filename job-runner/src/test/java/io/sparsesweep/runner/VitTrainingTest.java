package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.protocol.TrialResult;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VitTrainingTest {
    @Test
    void syntheticImagesLossFallsWithTwoFourPruningAndMaskedZerosHold() {
        TrainConfig c = TinyRuns.vit().optimizer("adafactor").lr(2e-2).pattern("2:4").build();
        AtomicReference<CheckingBackend> checker = new AtomicReference<>();
        Trainer trainer = TinyRuns.checkedTrainer(checker);
        TinyRuns.Losses losses = new TinyRuns.Losses();
        TrialResult r = trainer.train(c, losses);
        // ln(10) = 2.30 at chance.
        assertThat(losses.meanOf(50, 60)).isLessThan(losses.meanOf(0, 10) - 0.3);
        assertThat(r.valLoss()).isLessThan(Math.log(10) - 0.3);
        assertThat(checker.get().violations).isZero();
        assertThat(checker.get().maskedZerosSeen).isPositive();
        assertThat(r.task()).isEqualTo("vit");
        assertThat(r.pattern()).isEqualTo("2:4");
        assertThat(r.sparsity()).isEqualTo(0.5);
        assertThat(r.toJson()).doesNotContain("\"tokens\"");
    }
}
