package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparsesweep.fitting.BootstrapIntervals;
import io.sparsesweep.fitting.FitOptions;
import io.sparsesweep.fitting.FitPipeline;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.Observation;
import io.sparsesweep.fitting.SweepData;
import io.sparsesweep.protocol.ResultJson;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.protocol.TrialResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated trainer's truth is recoverable: fitting the 48 points of the end-to-end sweep
 * directly (no Kubernetes) gives intervals that contain the true dense-equivalent multipliers. If
 * this fails, the end-to-end fit cannot be expected to pass either.
 */
class KnownLawTest {
    private static final KnownLaw LAW = KnownLaw.vit();

    @Test
    void trainerArgsAreParsedLikeTheRunnerFlags() {
        TrialArgs t =
                TrialArgs.parse(
                        List.of(
                                "train",
                                "--task",
                                "vit",
                                "--width",
                                "256",
                                "--depth",
                                "6",
                                "--heads",
                                "4",
                                "--mlp-ratio",
                                "4",
                                "--steps",
                                "2000",
                                "--sparsity",
                                "0.75",
                                "--pattern",
                                "2:4",
                                "--seed",
                                "3",
                                "--batch-size",
                                "65536",
                                "--prune-embeddings"));
        assertThat(t).isEqualTo(new TrialArgs(256, 6, 4, 4, 2000, 0.75, "2:4", 3, 65536));
        assertThat(t.prunableParams()).isEqualTo(6L * 12 * 256 * 256);
        assertThat(t.nonzeroParams())
                .isEqualTo(t.prunableParams() - Math.round(t.prunableParams() * 0.75));
        assertThat(t.examples()).isEqualTo(2000L * 65536);
    }

    @Test
    void aFlagTheSweepLeavesOutTakesTheRunnersDefault() {
        TrialArgs t =
                TrialArgs.parse(
                        List.of(
                                "train",
                                "--width",
                                "64",
                                "--depth",
                                "2",
                                "--heads",
                                "4",
                                "--steps",
                                "100",
                                "--sparsity",
                                "0.5"));
        assertThat(t.batchSize()).isEqualTo(16); // the trainer's --batch-size default
        assertThat(t.examples()).isEqualTo(1600);
        assertThat(t.pattern()).isEqualTo("unstructured");
    }

    @Test
    void aSimulatedResultPassesTheStrictReaderForItsOwnFlags() throws Exception {
        TrainerArgs args =
                TrialArgs.flags(
                        List.of(
                                "train",
                                "--task",
                                "vit",
                                "--width",
                                "256",
                                "--depth",
                                "6",
                                "--heads",
                                "4",
                                "--steps",
                                "2000",
                                "--pattern",
                                "2:4",
                                "--seed",
                                "3",
                                "--batch-size",
                                "65536"));
        TrialResult r = ResultJson.read(LAW.resultFor(args, 0.5), args);
        assertThat(r.valLoss()).isEqualTo(LAW.observedLoss(TrialArgs.of(args)));
        assertThat(r.examples()).isEqualTo(2000L * 65536);
        assertThat(r.sparsity()).isEqualTo(0.5);
        assertThatThrownBy(
                        () ->
                                ResultJson.read(
                                        LAW.resultFor(args, 0.5), args.with(TrainerFlag.SEED, 4)))
                .hasMessageContaining("seed is 3, the trial's is 4");
    }

    @Test
    void noiseIsDeterministicPerPointAndSmall() {
        TrialArgs t = E2eGrid.points().get(7);
        assertThat(LAW.observedLoss(t)).isEqualTo(LAW.observedLoss(t));
        assertThat(LAW.observedLoss(t) / LAW.expectedLoss(t)).isCloseTo(1.0, within(0.02));
    }

    @Test
    void theEndToEndGridRecoversTheTruthWithinItsIntervals() {
        List<Observation> points = new ArrayList<>();
        for (TrialArgs t : E2eGrid.points()) {
            points.add(
                    new Observation(
                            t.sparsity(), t.nonzeroParams(), t.examples(), LAW.observedLoss(t)));
        }
        assertThat(points).hasSize(48);
        FitReport report =
                FitPipeline.run(
                        SweepData.of("simulated", points),
                        FitOptions.builder().bootstrap(64).seed(1).build());
        E2eGrid.assertRecovers(report, LAW);
        BootstrapIntervals intervals = report.intervals();
        assertThat(intervals).isNotNull();
    }
}
