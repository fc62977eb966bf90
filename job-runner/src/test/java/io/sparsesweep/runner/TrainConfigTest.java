package io.sparsesweep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.protocol.BadArgumentException;
import io.sparsesweep.protocol.FlagGroup;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.runner.optim.LrSchedule;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    private static final Map<FlagGroup, Function<TrainConfig, Record>> GROUPS =
            Map.of(
                    FlagGroup.MODEL, TrainConfig::model,
                    FlagGroup.DATA, TrainConfig::data,
                    FlagGroup.OPTIMIZER, TrainConfig::optimizer,
                    FlagGroup.PRUNING, TrainConfig::pruning,
                    FlagGroup.RUN, TrainConfig::run,
                    FlagGroup.IO, TrainConfig::io);

    /** A value of {@code f} other than its default (ranges are the validator's business). */
    private static String otherValue(TrainerFlag f) {
        String d = f.defaultValue().orElse(null);
        return switch (f.type()) {
            case CHOICE -> f.choices().stream().filter(c -> !c.equals(d)).findFirst().orElseThrow();
            case SWITCH -> "true";
            case NEGATABLE_SWITCH -> String.valueOf(!"true".equals(d));
            case INT, LONG -> String.valueOf(d == null ? 3 : Long.parseLong(d) + 1);
            case DECIMAL -> String.valueOf(d == null ? 0.5 : Double.parseDouble(d) + 0.0625);
            case PATTERN -> "2:4";
            case TEXT, PATH -> "/data/other";
        };
    }

    @Test
    void everyFlagLandsInTheRecordOfItsGroupAndOnlyThere() {
        TrainConfig defaults = TrainConfig.from(TrainerArgs.defaults());
        assertThat(GROUPS).hasSize(FlagGroup.values().length);
        for (TrainerFlag f : TrainerFlag.values()) {
            TrainerArgs changed = TrainerArgs.of(Map.of(f, otherValue(f)));
            TrainConfig c = TrainConfig.from(changed);
            GROUPS.forEach(
                    (group, record) -> {
                        if (group == f.group()) {
                            assertThat(record.apply(c))
                                    .as(f.flag() + " in " + group)
                                    .isNotEqualTo(record.apply(defaults));
                        } else {
                            assertThat(record.apply(c))
                                    .as(f.flag() + " outside " + group)
                                    .isEqualTo(record.apply(defaults));
                        }
                    });
            assertThat(c.args().text(f)).as(f.flag() + " back to flags").isEqualTo(otherValue(f));
            assertThat(TrainConfig.from(c.args())).as(f.flag() + " round trip").isEqualTo(c);
        }
    }

    @Test
    void theOptimizerIsARecordWhoseNameIsTheFlag() {
        TrainConfig c = TrainConfig.builder().optimizer("adamw").weightDecay(0.1).build();
        assertThat(c.optimizer().name()).isEqualTo("adamw");
        assertThat(c.optimizer().spec())
                .isEqualTo(new io.sparsesweep.runner.model.OptimizerSpec.AdamW(0.1));
        assertThat(RunFingerprint.of(c)).containsEntry("--optimizer", "adamw");
    }

    @Test
    void scaleMultipliesBlockParametersThroughTheWidth() {
        TrainConfig c = TrainConfig.builder().width(128).heads(4).scale(4).build();
        assertThat(c.effectiveWidth()).isEqualTo(256);
        assertThat(TrainConfig.builder().width(128).heads(4).scale(0.5).build().effectiveWidth())
                .isEqualTo(92); // 128 / sqrt 2 = 90.5 -> 23 heads' worth of 4
    }

    @Test
    void nmDefaultsItsSparsityAndRejectsMore() {
        TrainConfig c = TrainConfig.builder().pattern("1:4").build();
        assertThat(c.targetSparsity()).isEqualTo(0.75);
        assertThatThrownBy(
                        () -> TrainConfig.builder().pattern("2:4").sparsity(0.6).build().validate())
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("--sparsity 0.6")
                .hasMessageContaining("2:4");
    }

    @Test
    void badValuesNameTheirFlag() {
        assertThatThrownBy(() -> TrainConfig.builder().task("cnn").build().validate())
                .hasMessageContaining("--task cnn");
        assertThatThrownBy(() -> TrainConfig.builder().optimizer("sgd").build().validate())
                .hasMessageContaining("--optimizer sgd");
        assertThatThrownBy(
                        () ->
                                TrainConfig.builder()
                                        .pruneStart(0.8)
                                        .pruneEnd(0.5)
                                        .build()
                                        .validate())
                .hasMessageContaining("--prune-end 0.5");
        assertThatThrownBy(() -> TrainConfig.builder().width(30).heads(4).build().validate())
                .hasMessageContaining("--heads 4");
    }

    @Test
    void thePruneIntervalScalesWithTheRunAndTheWindowEndsInsideIt() {
        // 200 steps: window [50, 150]; auto gives 10 updates, not the one a fixed 100 gave.
        TrainConfig c = TrainConfig.builder().steps(200).sparsity(0.75).build();
        assertThat(c.effectivePruneEvery()).isEqualTo(10);
        // 60 steps, window [15, 45]: every 3 steps (a fixed 100 pruned nothing here)
        assertThat(TrainConfig.builder().steps(60).build().effectivePruneEvery()).isEqualTo(3);
        // the paper's scale keeps the paper's interval
        assertThat(TrainConfig.builder().steps(1_000_000).build().effectivePruneEvery())
                .isEqualTo(100);
        assertThat(TrainConfig.builder().steps(200).pruneEvery(7).build().effectivePruneEvery())
                .isEqualTo(7);
        // --prune-end 1 names the last step the run takes, so its update happens
        TrainConfig end = TrainConfig.builder().steps(200).pruneStart(1).pruneEnd(1).build();
        assertThat(end.pruneEndStep()).isEqualTo(199);
        assertThat(end.pruneStartStep()).isEqualTo(199);
        assertThatThrownBy(() -> TrainConfig.builder().pruneEvery(-1).build().validate())
                .hasMessageContaining("--prune-every -1");
    }

    @Test
    void warmupCanBeAFractionOfTheRun() {
        TrainConfig c = TrainConfig.builder().steps(800).warmupFraction(0.05).build();
        assertThat(c.effectiveWarmupSteps()).isEqualTo(40);
        assertThat(TrainConfig.builder().steps(800).build().effectiveWarmupSteps()).isEqualTo(100);
        assertThatThrownBy(() -> TrainConfig.builder().warmupFraction(1.0).build().validate())
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("--warmup-fraction 1");
    }

    @Test
    void learningRateWarmsUpThenDecays() {
        LrSchedule rsqrt = new LrSchedule(1.0, 100, 1000, "rsqrt");
        assertThat(rsqrt.at(0)).isEqualTo(0.01);
        assertThat(rsqrt.at(99)).isEqualTo(1.0);
        assertThat(rsqrt.at(399)).isEqualTo(0.5);
        LrSchedule cosine = new LrSchedule(1.0, 0, 100, "cosine");
        assertThat(cosine.at(0)).isEqualTo(1.0);
        assertThat(cosine.at(100)).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    }
}
