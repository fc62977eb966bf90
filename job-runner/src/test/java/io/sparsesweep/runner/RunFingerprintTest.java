package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunFingerprintTest {
    private static final TrainConfig BASE = TrainConfig.builder().steps(400).sparsity(0.5).build();

    private static Map<String, String> with(UnaryOperator<TrainConfigBuilder> change) {
        return RunFingerprint.of(change.apply(BASE.toBuilder()).build());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // the flags the old fingerprint left out: a checkpoint of one was resumed under another
        "--prune-start",
        "--prune-end",
        "--prune-every",
        "--lr",
        "--warmup-steps",
        "--lr-schedule",
        "--weight-decay",
        "--adafactor-factored",
        "--prune-embeddings",
        "--val-fraction",
        "--strip-pos-tags",
        "--engine"
    })
    void everyTrajectoryChangingFlagIsCoveredAndNamed(String flag) {
        Map<String, String> changed =
                with(
                        b ->
                                switch (flag) {
                                    case "--prune-start" -> b.pruneStart(0.2);
                                    case "--prune-end" -> b.pruneEnd(0.8);
                                    case "--prune-every" -> b.pruneEvery(7);
                                    case "--lr" -> b.lr(0.5);
                                    case "--warmup-steps" -> b.warmupFraction(0.05);
                                    case "--lr-schedule" -> b.lrSchedule("cosine");
                                    case "--weight-decay" -> b.weightDecay(0.1);
                                    case "--adafactor-factored" -> b.adafactorFactored(false);
                                    case "--prune-embeddings" -> b.pruneEmbeddings(true);
                                    case "--val-fraction" -> b.valFraction(0.2);
                                    case "--strip-pos-tags" -> b.stripPosTags(true);
                                    case "--engine" -> b.engine("djl");
                                    default -> throw new IllegalArgumentException(flag);
                                });
        assertThat(RunFingerprint.mismatch(RunFingerprint.of(BASE), changed))
                .hasValueSatisfying(m -> assertThat(m).startsWith(flag + " differs"));
    }

    @Test
    void whatOnlyChangesTheMeasurementOrTheSpeedMayChange() {
        Map<String, String> same =
                with(b -> b.valSize(10000).threads(1).logEvery(7).checkpointEvery(50));
        assertThat(RunFingerprint.mismatch(RunFingerprint.of(BASE), same)).isEmpty();
        // effective values: 0 (auto) and the interval it resolves to are one run
        assertThat(
                        RunFingerprint.mismatch(
                                with(b -> b.pruneEvery(0)),
                                with(b -> b.pruneEvery(BASE.effectivePruneEvery()))))
                .isEmpty();
    }

    @Test
    void aCheckpointWithoutFlagsIsNotResumed() {
        assertThat(RunFingerprint.mismatch(null, RunFingerprint.of(BASE)))
                .hasValueSatisfying(m -> assertThat(m).contains("older trainer"));
    }
}
