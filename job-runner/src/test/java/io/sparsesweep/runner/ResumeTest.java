package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.runner.checkpoint.CheckpointStore;
import io.sparsesweep.runner.config.RunnerConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
    /** Steps 0..59 with pruning updates at 20, 30, 40 (window 15..45, every 10). */
    private static TrainConfigBuilder run(String optimizer) {
        return TinyRuns.lm().optimizer(optimizer).lr("adamw".equals(optimizer) ? 3e-3 : 2e-2);
    }

    @Test
    void stopCheckpointAndResumeEqualsTheUninterruptedRun(@TempDir Path dir) {
        for (String optimizer : new String[] {"adamw", "adafactor"}) {
            TinyRuns.Losses whole = new TinyRuns.Losses();
            TrialResult uninterrupted = new Trainer().train(run(optimizer).build(), whole);

            Path ckpt = dir.resolve(optimizer);
            TrainConfig c = run(optimizer).checkpointDir(ckpt).build();
            // "SIGTERM" after step 25 (in the middle of the pruning window).
            TinyRuns.Losses first = new TinyRuns.Losses();
            int[] polls = {0};
            TrainingInterruptedException stopped =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            TrainingInterruptedException.class,
                            () -> new Trainer(() -> ++polls[0] == 25).train(c, first));
            assertThat(stopped.step()).isEqualTo(25);
            assertThat(stopped.checkpoint()).isEqualTo(ckpt.resolve("ckpt-25"));

            TinyRuns.Losses second = new TinyRuns.Losses();
            TrialResult resumed = new Trainer().train(c, second);
            assertThat(second.events).anyMatch(e -> e.contains("resumed") && e.contains("step 25"));
            List<Double> joined = new ArrayList<>(first.perStep);
            joined.addAll(second.perStep);
            assertThat(joined).as(optimizer).isEqualTo(whole.perStep);
            assertThat(resumed.valLoss()).isEqualTo(uninterrupted.valLoss());
            assertThat(resumed.trainLoss()).isEqualTo(uninterrupted.trainLoss());
            assertThat(resumed.nonzeroParams()).isEqualTo(uninterrupted.nonzeroParams());
            assertThat(resumed.resumedFromStep()).isEqualTo(25);
        }
    }

    @Test
    void periodicCheckpointsKeepTheTwoNewestAndIgnoreIncompleteOnes(@TempDir Path dir)
            throws Exception {
        TrainConfig c = run("adamw").steps(30).checkpointEvery(10).checkpointDir(dir).build();
        new Trainer(() -> false).train(c.toBuilder().steps(30).build(), TrainListener.NO_OP);
        // Steps 10, 20 periodic, 30 final; only the two newest stay.
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("ckpt-20", "ckpt-30");
        }
        // A crash mid-write leaves a directory without meta.json: it must be ignored.
        Files.createDirectories(dir.resolve("ckpt-99"));
        Files.writeString(dir.resolve("ckpt-99").resolve("model.index"), "partial");
        assertThat(new CheckpointStore(dir).newest().orElseThrow().meta().step()).isEqualTo(30);
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) {
        new Trainer()
                .train(
                        run("adamw").steps(10).pruneEvery(2).checkpointDir(dir).build(),
                        TrainListener.NO_OP);
        assertThatThrownBy(
                        () ->
                                new Trainer()
                                        .train(
                                                run("adamw")
                                                        .steps(10)
                                                        .pruneEvery(2)
                                                        .seed(7)
                                                        .checkpointDir(dir)
                                                        .build(),
                                                TrainListener.NO_OP))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageContaining("--checkpoint-dir")
                .hasMessageContaining("--seed differs");
    }

    @Test
    void aCheckpointIsNotResumedUnderAnotherLearningRateOrPruningWindow(@TempDir Path dir) {
        // The old fingerprint left these out: the second run silently continued the first.
        new Trainer()
                .train(
                        run("adamw").steps(10).pruneEvery(2).checkpointDir(dir).build(),
                        TrainListener.NO_OP);
        assertThatThrownBy(
                        () ->
                                new Trainer()
                                        .train(
                                                run("adamw")
                                                        .steps(10)
                                                        .pruneEvery(2)
                                                        .lr(0.5)
                                                        .checkpointDir(dir)
                                                        .build(),
                                                TrainListener.NO_OP))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageContaining("--lr differs");
        assertThatThrownBy(
                        () ->
                                new Trainer()
                                        .train(
                                                run("adamw")
                                                        .steps(10)
                                                        .pruneEvery(2)
                                                        .pruneEnd(0.5)
                                                        .checkpointDir(dir)
                                                        .build(),
                                                TrainListener.NO_OP))
                .isInstanceOf(RunnerConfigException.class)
                .hasMessageContaining("--prune-end differs");
    }
}
