package io.sparsesweep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerArgsTest {
    @Test
    void everyFlagRoundTripsThroughItsCommandLine() {
        TrainerArgs args = TrainerArgs.defaults();
        for (TrainerFlag f : TrainerFlag.values()) {
            args = args.with(f, sample(f));
        }
        List<String> line = args.toArgs();
        TrainerArgs back = TrainerArgs.parse(line);
        assertThat(back).isEqualTo(args);
        assertThat(back.toArgs()).isEqualTo(line);
        for (TrainerFlag f : TrainerFlag.values()) {
            assertThat(back.has(f)).as(f.flag()).isTrue();
            assertThat(back.text(f)).as(f.flag()).isEqualTo(args.text(f));
        }
    }

    /** A valid value of each flag other than its default. */
    private static Object sample(TrainerFlag f) {
        return switch (f.type()) {
            case CHOICE ->
                    f.choices().get(f.choices().size() - 1).equals(f.defaultText())
                            ? f.choices().get(0)
                            : f.choices().get(f.choices().size() - 1);
            case PATTERN -> "2:4";
            case INT, LONG -> f == TrainerFlag.SEQ_LEN ? 64 : 3;
            case DECIMAL -> f == TrainerFlag.PRUNE_END ? 0.875 : 0.125;
            case TEXT -> "/data/set";
            case PATH -> java.nio.file.Path.of("/tmp/" + f.name());
            case SWITCH -> true;
            case NEGATABLE_SWITCH -> false;
        };
    }

    @Test
    void absentFlagsHaveTheTrainersDefaults() {
        TrainerArgs d = TrainerArgs.defaults();
        assertThat(d.text(TrainerFlag.TASK)).isEqualTo("lm");
        assertThat(d.intValue(TrainerFlag.BATCH_SIZE)).isEqualTo(16);
        assertThat(d.longValue(TrainerFlag.STEPS)).isEqualTo(1000);
        assertThat(d.examples()).isEqualTo(16_000);
        assertThat(d.isOn(TrainerFlag.ADAFACTOR_FACTORED)).isTrue();
        assertThat(d.isOn(TrainerFlag.PRUNE_EMBEDDINGS)).isFalse();
        assertThat(d.decimal(TrainerFlag.LR)).isNaN();
        assertThat(d.peakLr()).isEqualTo(1e-2);
        assertThat(d.with(TrainerFlag.OPTIMIZER, "adamw").peakLr()).isEqualTo(1e-3);
        assertThat(d.targetSparsity()).isZero();
        assertThat(d.with(TrainerFlag.PATTERN, "1:4").targetSparsity()).isEqualTo(0.75);
        assertThat(d.text(TrainerFlag.CHECKPOINT_DIR)).isNull();
        assertThat(d.toArgs()).isEmpty();
    }

    @Test
    void bothSpellingsAndBothSwitchFormsAreRead() {
        TrainerArgs a =
                TrainerArgs.parse(
                        List.of(
                                "--width=64",
                                "--depth",
                                "3",
                                "--prune-embeddings",
                                "--no-adafactor-factored",
                                "--lr",
                                "1e-3"));
        assertThat(a.intValue(TrainerFlag.WIDTH)).isEqualTo(64);
        assertThat(a.intValue(TrainerFlag.DEPTH)).isEqualTo(3);
        assertThat(a.isOn(TrainerFlag.PRUNE_EMBEDDINGS)).isTrue();
        assertThat(a.isOn(TrainerFlag.ADAFACTOR_FACTORED)).isFalse();
        assertThat(a.peakLr()).isEqualTo(1e-3);
        assertThat(a.toArgs())
                .containsExactly(
                        "--width",
                        "64",
                        "--depth",
                        "3",
                        "--prune-embeddings",
                        "--no-adafactor-factored",
                        "--lr",
                        "1e-3");
    }

    @Test
    void withWritesNumbersAsPlainDecimalsAndDropsSwitchesThatAreOff() {
        TrainerArgs a =
                TrainerArgs.defaults()
                        .with(TrainerFlag.SPARSITY, 0.5)
                        .with(TrainerFlag.WEIGHT_DECAY, 1e-8)
                        .with(TrainerFlag.STEPS, 2000L)
                        .with(TrainerFlag.PRUNE_EMBEDDINGS, false);
        assertThat(a.toArgs())
                .containsExactly(
                        "--sparsity", "0.5", "--weight-decay", "0.00000001", "--steps", "2000");
        assertThat(a.without(TrainerFlag.SPARSITY).has(TrainerFlag.SPARSITY)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "--width|abc|--width abc: is not a decimal integer",
                "--width|99999999999|--width 99999999999: is out of range",
                "--lr|0x1p10|--lr 0x1p10: is not a plain finite decimal",
                "--lr|1.5f|--lr 1.5f: is not a plain finite decimal",
                "--scale|3d|--scale 3d: is not a plain finite decimal",
                "--sparsity|NaN|--sparsity NaN: is not a plain finite decimal",
                "--sparsity|1e999|--sparsity 1e999: is not a plain finite decimal",
                "--task|cnn|--task cnn: must be vit or lm",
                "--pattern|4:2|--pattern 4:2: n:m needs 1 <= n < m",
                "--pattern|2 :4|--pattern '2 :4': expected 'unstructured' or n:m",
            })
    void aBadValueIsRejectedNamingTheFlagAndTheValue(String flag, String value, String message) {
        assertThatThrownBy(() -> TrainerArgs.parse(List.of(flag, value)))
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void syntaxErrorsAreRejected() {
        assertThatThrownBy(() -> TrainerArgs.parse(List.of("--widht", "3")))
                .hasMessageContaining("unknown flag '--widht'");
        assertThatThrownBy(() -> TrainerArgs.parse(List.of("--width", "3", "--width", "4")))
                .hasMessageContaining("--width is given twice");
        assertThatThrownBy(() -> TrainerArgs.parse(List.of("--width")))
                .hasMessageContaining("--width needs a value");
        assertThatThrownBy(() -> TrainerArgs.parse(List.of("--width", "--depth", "3")))
                .hasMessageContaining("--width needs a value");
        assertThatThrownBy(() -> TrainerArgs.parse(List.of("train", "--width", "3")))
                .hasMessageContaining("unexpected argument 'train'");
        assertThatThrownBy(() -> TrainerArgs.parse(List.of("--prune-embeddings=true")))
                .hasMessageContaining("is a switch and takes no value");
        String longValue = "x".repeat(5000);
        assertThatThrownBy(() -> TrainerArgs.parse(List.of("--task", longValue)))
                .hasMessageContaining("a text of 5000 characters")
                .hasMessageNotContaining("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "--width 0|--width 0: must be >= 1",
                "--seq-len 1|--seq-len 1: must be >= 2",
                "--sparsity 1|--sparsity 1: must be [0, 1)",
                "--val-fraction 1|--val-fraction 1: must be (0, 1)",
                "--mlp-ratio 0|--mlp-ratio 0: must be > 0",
                "--threads -1|--threads -1: must be >= 0",
                "--pattern 2:4 --sparsity 0.6|--sparsity 0.6: exceeds what pattern 2:4 allows",
                "--width 30 --heads 4|--heads 4: must divide the width (30)",
                "--prune-start 0.5 --prune-end 0.4|--prune-end 0.4: must not be before",
            })
    void validateNamesTheFirstBadFlag(String line, String message) {
        TrainerArgs a = TrainerArgs.parse(List.of(line.split(" ")));
        assertThatThrownBy(a::validate)
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(TrainerArgs.defaults().validate()).isEqualTo(TrainerArgs.defaults());
    }

    @Test
    void scaleGrowsTheWidthByTheSquareRootInWholeHeads() {
        TrainerArgs a = TrainerArgs.defaults().with(TrainerFlag.WIDTH, 128);
        assertThat(a.with(TrainerFlag.SCALE, 4.0).effectiveWidth()).isEqualTo(256);
        assertThat(a.with(TrainerFlag.SCALE, 0.5).effectiveWidth()).isEqualTo(92);
        assertThat(a.with(TrainerFlag.SCALE, 1e-6).effectiveWidth()).isEqualTo(4);
        assertThat(a.effectiveWidth()).isEqualTo(128);
    }
}
