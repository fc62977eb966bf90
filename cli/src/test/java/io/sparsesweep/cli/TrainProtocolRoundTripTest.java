package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.cli.local.TrialWorkspace;
import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.protocol.ValueType;
import io.sparsesweep.runner.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Flags → command line → configuration, the same on every path: the protocol's flags written as a
 * command line and read by {@code sparsesweep train} (picocli), by the protocol's own reader and by
 * the local runner give one and the same {@link TrainConfig}, and that configuration writes the
 * same flags back.
 */
class TrainProtocolRoundTripTest {
    /** Every flag at a valid value other than its default. */
    static TrainerArgs everyFlag(Path dir) {
        TrainerArgs a = TrainerArgs.defaults();
        for (TrainerFlag f : TrainerFlag.values()) {
            Object v =
                    switch (f) {
                        case TASK -> "vit";
                        case DATASET -> dir.resolve("images").toString();
                        case WIDTH -> 96;
                        case HEADS -> 6;
                        case SEQ_LEN -> 32;
                        case OPTIMIZER -> "adamw";
                        case ENGINE -> "djl";
                        case XLA -> "on";
                        case LR_SCHEDULE -> "cosine";
                        case LR -> 3e-4;
                        case SPARSITY -> 0.25;
                        case PATTERN -> "2:4";
                        case PRUNE_START -> 0.125;
                        case PRUNE_END -> 0.875;
                        case WARMUP_FRACTION -> 0.125;
                        case VAL_FRACTION -> 0.2;
                        case SCALE -> 2.25;
                        case MLP_RATIO -> 3.5;
                        case CHECKPOINT_DIR, RESULT, EXPORT_MASKS ->
                                dir.resolve(f.name().toLowerCase(java.util.Locale.ROOT));
                        default ->
                                switch (f.type()) {
                                    case SWITCH -> true;
                                    case NEGATABLE_SWITCH -> false;
                                    default -> 7;
                                };
                    };
            a = a.with(f, v);
        }
        return a.validate();
    }

    @Test
    void everyFlagReadsTheSameOnEveryPath(@TempDir Path dir) {
        TrainerArgs args = everyFlag(dir);
        List<String> line = args.toArgs();
        assertThat(args.given()).hasSize(TrainerFlag.values().length);

        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(line.toArray(String[]::new));
        TrainConfig viaCli = command.config();
        TrainConfig viaProtocol = TrainConfig.from(TrainerArgs.parse(line));

        assertThat(viaCli).isEqualTo(viaProtocol);
        assertThat(viaCli.args()).isEqualTo(args);
        assertThat(TrainerArgs.parse(viaCli.args().toArgs())).isEqualTo(args);
        assertThat(viaCli.model().task()).isEqualTo("vit");
        assertThat(viaCli.effectiveWidth()).isEqualTo(144);
        assertThat(viaCli.optimizer().lr()).isEqualTo(3e-4);
        assertThat(viaCli.optimizer().adafactorFactored()).isFalse();
        assertThat(viaCli.pruning().embeddings()).isTrue();
        assertThat(viaCli.io().resultFile()).isEqualTo(dir.resolve("result"));
        assertThat(viaCli.run().engine()).isEqualTo("djl");
    }

    @Test
    void absentFlagsTakeTheProtocolsDefaultsOnEveryPath() {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs();
        TrainConfig viaCli = command.config();
        TrainConfig viaProtocol = TrainConfig.from(TrainerArgs.defaults());
        // Off a cluster node the CLI's --result default is "nowhere", as the protocol's.
        assertThat(viaCli).isEqualTo(viaProtocol);
        assertThat(viaCli.data().batchSize()).isEqualTo(16);
        assertThat(viaCli.peakLr()).isEqualTo(1e-2);
        for (TrainerFlag f : TrainerFlag.values()) {
            if (f.type() != ValueType.PATH && f.defaultValue().isPresent()) {
                assertThat(viaCli.args().text(f)).as(f.flag()).isEqualTo(f.defaultValue().get());
            }
        }
    }

    @Test
    void aPlannedTrialRunsLocallyWithTheFlagsItWouldGetInACluster(@TempDir Path dir) {
        Trial trial =
                SweepPlanner.plan(
                                SweepManifests.parse(
                                                """
                                                apiVersion: sparsesweep.io/v1alpha1
                                                kind: SparseSweep
                                                metadata: {name: t}
                                                spec:
                                                  task: lm
                                                  dataset: synthetic
                                                  model: {sizes: [{name: s, width: 32, depth: 1, heads: 2}]}
                                                  grid: {sparsities: [0.5], steps: [40]}
                                                  training: {batchSize: 8, seqLen: 16, pruneEvery: 10, threads: 3}
                                                  fitting: {enabled: false}
                                                  trainer: {image: img}
                                                """)
                                        .getSpec())
                        .get(0);
        TrialWorkspace ws = new TrialWorkspace(dir.resolve("t"));
        TrainConfig local = new TrainerTrialExecutor(() -> false, 1).config(trial, ws);

        TrainCommand command = new TrainCommand();
        new CommandLine(command)
                .parseArgs(
                        trial.trainArgs(ws.checkpointDir().toString(), null)
                                .toArray(String[]::new));
        assertThat(local).isEqualTo(command.config());
        assertThat(local.io().threads()).isEqualTo(3);
        assertThat(local.io().checkpointDir()).isEqualTo(ws.checkpointDir());
        assertThat(local.io().resultFile()).isNull();
    }
}
