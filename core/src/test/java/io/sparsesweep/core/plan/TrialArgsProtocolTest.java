package io.sparsesweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.crd.Engine;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner writes its trials' flags through the trial protocol: every trial's command line reads
 * back, passes the protocol's checks, and says exactly the trial's grid point and the sweep's
 * training settings.
 */
class TrialArgsProtocolTest {
    private static final String SWEEP =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata: {name: p}
            spec:
              task: vit
              dataset: /data/fashion-mnist
              model: {sizes: [{name: s, width: 64, depth: 2, heads: 4}, {name: m, width: 96, depth: 3, heads: 4, mlpRatio: 2}]}
              grid: {sparsities: [0.0, 0.5, 0.875], patterns: [unstructured, "2:4", "1:8"], steps: [100, 300], seeds: [0, 5]}
              training: {batchSize: 48, patchSize: 7, optimizer: adamw, learningRate: 0.0003,
                         weightDecay: 0.01, pruneStart: 0.2, pruneEnd: 0.8, pruneEvery: 10,
                         pruneEmbeddings: true, scale: 1, valSize: 500, checkpointEvery: 50,
                         engine: djl}
              fitting: {enabled: false}
              trainer: {image: img}
            """;

    @Test
    void everyTrialsFlagsReadBackAsItsGridPoint() {
        List<Trial> trials = SweepPlanner.plan(SweepManifests.parse(SWEEP).getSpec());
        assertThat(trials).hasSize(2 * 2 * 2 * 5);
        for (Trial t : trials) {
            TrainerArgs a = TrainerArgs.parse(t.trainArgs()).validate();
            assertThat(a.toArgs()).isEqualTo(t.trainArgs());
            assertThat(a).isEqualTo(t.args());
            GridPoint p = t.point();
            assertThat(a.text(TrainerFlag.TASK)).isEqualTo("vit");
            assertThat(a.effectiveWidth()).isEqualTo(p.width());
            assertThat(a.intValue(TrainerFlag.DEPTH)).isEqualTo(p.depth());
            assertThat(a.intValue(TrainerFlag.HEADS)).isEqualTo(p.heads());
            assertThat(a.decimal(TrainerFlag.MLP_RATIO)).isEqualTo(p.mlpRatio());
            assertThat(a.longValue(TrainerFlag.STEPS)).isEqualTo(p.steps());
            assertThat(a.longValue(TrainerFlag.SEED)).isEqualTo(p.seed());
            assertThat(a.targetSparsity()).isEqualTo(p.sparsity());
            assertThat(a.pattern().text()).isEqualTo(p.pattern());
            assertThat(a.examples()).isEqualTo(p.steps() * 48);
            assertThat(a.intValue(TrainerFlag.PATCH_SIZE)).isEqualTo(7);
            assertThat(a.text(TrainerFlag.OPTIMIZER)).isEqualTo("adamw");
            assertThat(a.peakLr()).isEqualTo(3e-4);
            assertThat(a.isOn(TrainerFlag.PRUNE_EMBEDDINGS)).isTrue();
            assertThat(a.intValue(TrainerFlag.VAL_SIZE)).isEqualTo(500);
            assertThat(a.longValue(TrainerFlag.CHECKPOINT_EVERY)).isEqualTo(50);
            assertThat(a.text(TrainerFlag.ENGINE)).isEqualTo("djl");
        }
    }

    @Test
    void unsetSettingsAreLeftToTheTrainersDefaults() {
        List<Trial> trials =
                SweepPlanner.plan(
                        SweepManifests.parse(SWEEP.replaceAll("(?s)  training: \\{.*?\\}\n", ""))
                                .getSpec());
        TrainerArgs a = trials.get(0).args();
        assertThat(a.has(TrainerFlag.BATCH_SIZE)).isFalse();
        assertThat(a.intValue(TrainerFlag.BATCH_SIZE)).isEqualTo(16);
        assertThat(a.has(TrainerFlag.PRUNE_EMBEDDINGS)).isFalse();
        assertThat(a.has(TrainerFlag.ENGINE)).isFalse();
        assertThat(a.text(TrainerFlag.ENGINE)).isEqualTo("tensorflow");
    }

    @Test
    void theSweepsEnginesAreExactlyTheTrainersEngines() {
        // The CRD's enum and the trainer's --engine choices must not drift apart: a value the API
        // server accepts must be one the trainer runs.
        assertThat(Arrays.stream(Engine.values()).map(Engine::flag).toList())
                .isEqualTo(TrainerFlag.ENGINE.choices());
    }
}
