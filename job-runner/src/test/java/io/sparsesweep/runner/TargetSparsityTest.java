package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** What a run records as its sparsity is what it reached. */
class TargetSparsityTest {

    @Test
    void aTwoHundredStepRunAtThreeQuartersReachesThreeQuarters() {
        // The case: 200 steps, S = 0.75, --prune-every 100 (the old default). The last
        // mask update used to fall at step 100 (0.662) and the run was recorded as 0.75.
        TrainConfig c =
                TinyRuns.lm().steps(200).sparsity(0.75).pruneEvery(100).logEvery(100).build();
        TinyRuns.Losses events = new TinyRuns.Losses();
        io.sparsesweep.protocol.TrialResult r = new Trainer().train(c, events);
        assertThat(r.sparsity()).isEqualTo(0.75);
        assertThat(r.achievedSparsity()).isCloseTo(0.75, within(0.005));
        assertThat(events.events).anyMatch(e -> e.startsWith("masks updated at step 150"));
        // and with the default (auto) interval too
        io.sparsesweep.protocol.TrialResult auto =
                new Trainer()
                        .train(
                                TinyRuns.lm()
                                        .steps(200)
                                        .sparsity(0.75)
                                        .pruneEvery(0)
                                        .logEvery(100)
                                        .build(),
                                TrainListener.NO_OP);
        assertThat(auto.achievedSparsity()).isCloseTo(0.75, within(0.005));
        assertThat(auto.trainFlopsPerExample()).isGreaterThan(auto.blockFlopsPerExample());
        assertThat(r.toJson()).contains("\"blockFlopsPerExample\":");
    }
}
