package io.sparsesweep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultJsonTest {
    static final TrainerArgs ARGS =
            TrainerArgs.parse(
                    List.of(
                            "--task",
                            "lm",
                            "--width",
                            "64",
                            "--depth",
                            "2",
                            "--heads",
                            "4",
                            "--steps",
                            "300",
                            "--batch-size",
                            "16",
                            "--seq-len",
                            "64",
                            "--sparsity",
                            "0.5",
                            "--seed",
                            "7"));

    static TrialResult result() {
        return TrialResult.echoing(ARGS)
                .valLoss(1.527)
                .trainLoss(1.554)
                .params(137_216, 98_304, 98_304, 49_152)
                .wallSeconds(17.7)
                .resumedFromStep(100)
                .examplesPerSecond(271.4)
                .engine("tensorflow")
                .flopsPerExample(4.2e7, 3.8e7)
                .build();
    }

    static final String LINE = result().toJson();

    @Test
    void aResultRoundTripsThroughItsJson() throws Exception {
        TrialResult r = result();
        assertThat(LINE)
                .doesNotContain("\n")
                .startsWith("{\"v\":1,\"task\":\"lm\",\"valLoss\":1.527,");
        assertThat(ResultJson.read(LINE, ARGS)).isEqualTo(r);
        assertThat(r.examples()).isEqualTo(300 * 16);
        assertThat(r.tokens()).isEqualTo(300 * 16 * 64);
        assertThat(r.achievedSparsity()).isEqualTo(0.5);
        assertThat(ResultJson.read(LINE + "\n")).isEqualTo(r);
        assertThatThrownBy(() -> ResultJson.read(LINE + "\n{}"))
                .hasMessageContaining("not one line of JSON");
    }

    static String without(String line, ResultField f) {
        return line.replaceFirst(",?\"" + f.key() + "\":[^,}]*", "").replace("{,", "{");
    }

    @Test
    void everyFieldIsWrittenAndEveryOneButTheOptionalOnesIsRequired() {
        for (ResultField f : ResultField.values()) {
            assertThat(LINE).contains("\"" + f.key() + "\":");
            if (f.optional()) {
                continue;
            }
            String without = without(LINE, f);
            assertThatThrownBy(() -> ResultJson.read(without))
                    .as(f.key())
                    .isInstanceOf(UnusableResultException.class)
                    .hasMessageContaining(f == ResultField.V ? "field v must be 1" : f.key());
        }
    }

    @Test
    void theEngineIsWrittenAndReadBackAndAResultWithoutItStillReads() throws Exception {
        assertThat(LINE).contains(",\"engine\":\"tensorflow\",");
        assertThat(ResultJson.read(LINE).engine()).isEqualTo("tensorflow");
        TrainerArgs djl = ARGS.with(TrainerFlag.ENGINE, "djl");
        String djlLine = LINE.replace("\"engine\":\"tensorflow\"", "\"engine\":\"djl\"");
        assertThat(ResultJson.read(djlLine, djl).engine()).isEqualTo("djl");
        // A result written before the field (or by a trainer that does not say) reads as "not
        // said", for a trial on either engine: the reader then knows only the trial's --engine.
        String older = without(LINE, ResultField.ENGINE);
        assertThat(older).doesNotContain("engine").contains("\"examplesPerSecond\":271.4,");
        TrialResult r = ResultJson.read(older, ARGS);
        assertThat(r.engine()).isNull();
        assertThat(r)
                .isEqualTo(
                        TrialResult.echoing(ARGS)
                                .valLoss(1.527)
                                .trainLoss(1.554)
                                .params(137_216, 98_304, 98_304, 49_152)
                                .wallSeconds(17.7)
                                .resumedFromStep(100)
                                .examplesPerSecond(271.4)
                                .flopsPerExample(4.2e7, 3.8e7)
                                .build());
        assertThat(ResultJson.read(older, djl).engine()).isNull();
        assertThat(r.toJson()).isEqualTo(older);
    }

    @Test
    void unknownFieldsAreIgnoredAndVitHasNoTokens() throws Exception {
        assertThat(ResultJson.read(LINE.replace("{\"v\":1,", "{\"v\":1,\"mine\":[1,{\"a\":2}],")))
                .isEqualTo(result());
        TrainerArgs vit = ARGS.with(TrainerFlag.TASK, "vit");
        TrialResult r =
                TrialResult.echoing(vit).valLoss(0.4).trainLoss(0.3).params(10, 8, 8, 4).build();
        assertThat(r.toJson()).doesNotContain("tokens");
        assertThat(ResultJson.read(r.toJson(), vit)).isEqualTo(r);
        // The FLOP counts are optional: a trainer that does not count them leaves both out.
        assertThat(r.toJson()).doesNotContain("FlopsPerExample");
        assertThat(ResultJson.read(r.toJson()).trainFlopsPerExample()).isNaN();
        assertThatThrownBy(
                        () ->
                                ResultJson.read(
                                        LINE.replace(
                                                "\"blockFlopsPerExample\":3.8E7",
                                                "\"blockFlopsPerExample\":5.0E7")))
                .hasMessageContaining("blockFlopsPerExample must be in (0, trainFlopsPerExample]");
    }

    /** Each case is a change to a valid line and the reason it must give. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // syntax
                "$| garbage|trailing text after the JSON object",
                "$|{}|trailing text after the JSON object",
                "{\"v\":1,|{\"v\":1,\"v\":1,|key v appears twice",
                "\"valLoss\":1.527|\"valLoss\":1.527,\"valLoss\":9.9|key valLoss appears twice",
                "{\"v\":1,|{\"v\":1,\"x\":{\"a\":1,\"a\":2},|a key appears twice in a nested object",
                "{\"v\":1,|{\"v\":1,\"zzz\":1,\"zzz\":2,|key (an unknown key of 3 characters) appears twice",
                "\"valLoss\":1.527|\"valLoss\":NaN|invalid JSON",
                // numbers
                "\"examples\":4800|\"examples\":18446744073709551621|field examples does not fit in 64 bits",
                "\"steps\":300|\"steps\":300.0|field steps is not an integer (a decimal)",
                "\"steps\":300|\"steps\":\"300\"|field steps is not an integer (a string)",
                "\"examples\":4800|\"examples\":0|field examples 0 must be at least 1",
                "\"valLoss\":1.527|\"valLoss\":1e308|field valLoss 1.0E308 is outside (0, 100]",
                "\"valLoss\":1.527|\"valLoss\":100.5|field valLoss 100.5 is outside (0, 100]",
                "\"valLoss\":1.527|\"valLoss\":0|field valLoss 0.0 is outside (0, 100]",
                "\"valLoss\":1.527|\"valLoss\":-1|field valLoss -1.0 is outside (0, 100]",
                "\"valLoss\":1.527|\"valLoss\":1e999|field valLoss is not a finite number",
                "\"trainLoss\":1.554|\"trainLoss\":1e300|field trainLoss 1.0E300 is outside [0, 100]",
                "\"width\":64|\"width\":4294967360|field width does not fit in 32 bits",
                "\"wallSeconds\":17.7|\"wallSeconds\":-3|field wallSeconds -3.0 is outside",
                // consistency
                "\"nonzeroParams\":49152|\"nonzeroParams\":98305|field nonzeroParams 98305 exceeds blockParams 98304",
                "\"nonzeroParams\":49152|\"nonzeroParams\":0|field nonzeroParams 0 must be at least 1",
                "\"prunableParams\":98304|\"prunableParams\":137217|field prunableParams 137217 exceeds totalParams",
                "\"achievedSparsity\":0.5|\"achievedSparsity\":0.9|field achievedSparsity 0.9 is not 1 - nonzeroParams/blockParams",
                "\"resumedFromStep\":100|\"resumedFromStep\":301|field resumedFromStep 301 exceeds steps 300",
                "\"pattern\":\"unstructured\"|\"pattern\":\"4:2\"|field pattern is not unstructured or n:m",
                "\"pattern\":\"unstructured\"|\"pattern\":\"3:4\"|field sparsity 0.5 exceeds what 3:4 allows",
                "\"task\":\"lm\"|\"task\":\"cnn\"|field task must be vit or lm",
                "\"engine\":\"tensorflow\"|\"engine\":\"jax\"|field engine must be tensorflow or djl",
                "\"engine\":\"tensorflow\"|\"engine\":\"TensorFlow\"|field engine must be tensorflow or djl",
                "\"engine\":\"tensorflow\"|\"engine\":null|field engine is not a non-blank string (null)",
                "\"engine\":\"tensorflow\"|\"engine\":\" \"|field engine is not a non-blank string (a string)",
                "\"engine\":\"tensorflow\"|\"engine\":1|field engine is not a non-blank string (an integer)",
                "\"engine\":\"tensorflow\"|\"engine\":\"djl\",\"engine\":\"djl\"|key engine appears twice",
                "\"v\":1|\"v\":2|field v must be 1, got 2",
            })
    void aBadResultIsRejectedWithItsReason(String from, String to, String reason) {
        String text =
                from.equals("$")
                        ? LINE + to
                        : LINE.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertThat(text).as("the case changes the line").isNotEqualTo(LINE);
        assertThatThrownBy(() -> ResultJson.read(text))
                .isInstanceOf(UnusableResultException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "--width|128|the result is not for this trial: width is 64, the trial's is 128",
                "--depth|3|depth is 2, the trial's is 3",
                "--heads|8|heads is 4, the trial's is 8",
                "--steps|200|steps is 300, the trial's is 200",
                "--batch-size|32|examples is 4800, the trial's is 9600",
                "--seq-len|128|tokens is 307200, the trial's is 614400",
                "--seed|8|seed is 7, the trial's is 8",
                "--sparsity|0.75|sparsity is 0.5, the trial's is 0.75",
                "--pattern|2:4|pattern is unstructured, the trial's is 2:4",
                "--optimizer|adamw|optimizer is adafactor, the trial's is adamw",
                "--task|vit|task is lm, the trial's is vit",
                "--engine|djl|engine is tensorflow, the trial's is djl",
                "--scale|4|width is 64, the trial's is 128",
            })
    void aResultForAnotherGridPointIsRejected(String flag, String value, String reason) {
        TrainerArgs other =
                ARGS.with(TrainerFlag.byFlag(flag).orElseThrow(), value)
                        .with(TrainerFlag.SPARSITY, flag.equals("--sparsity") ? 0.75 : 0.5);
        assertThatThrownBy(() -> ResultJson.read(LINE, other))
                .isInstanceOf(UnusableResultException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aResultLongerThanTheTerminationMessageIsRefusedBeforeItIsParsed() {
        String padding = "x".repeat(TrialProtocol.MAX_RESULT_BYTES);
        String padded = LINE.replace("{\"v\":1,", "{\"v\":1,\"pad\":\"" + padding + "\",");
        assertThatThrownBy(() -> ResultJson.read(padded))
                .isInstanceOf(UnusableResultException.class)
                .hasMessage("the result is longer than 4096 bytes");
        // Multi-byte text counts in bytes: 1366 three-byte characters are 4098 bytes.
        String wide =
                LINE.replace("{\"v\":1,", "{\"v\":1,\"pad\":\"" + "\u20ac".repeat(1366) + "\",");
        assertThat(wide.length()).isLessThan(TrialProtocol.MAX_RESULT_BYTES);
        assertThatThrownBy(() -> ResultJson.read(wide))
                .hasMessage("the result is longer than 4096 bytes");
    }

    @Test
    void reasonsAreBoundedAndNeverEchoTheTrialsText() {
        String secret = "s3cr3t-".repeat(400);
        List<String> hostile =
                List.of(
                        LINE.replace(
                                "\"task\":\"lm\"",
                                "\"task\":\"" + secret.substring(0, 2000) + "\""),
                        LINE.replace(
                                "\"steps\":300", "\"steps\":\"" + secret.substring(0, 2000) + "\""),
                        LINE.replace(
                                "{\"v\":1,",
                                "{\"v\":1,\""
                                        + secret.substring(0, 900)
                                        + "\":1,\""
                                        + secret.substring(0, 900)
                                        + "\":2,"),
                        LINE.replace("\"v\":1", "\"v\":\"" + secret.substring(0, 2000) + "\""),
                        LINE + secret,
                        secret,
                        "{" + secret);
        for (String text : hostile) {
            assertThatThrownBy(() -> ResultJson.read(text))
                    .isInstanceOf(UnusableResultException.class)
                    .satisfies(
                            e -> {
                                assertThat(e.getMessage()).doesNotContain("s3cr3t");
                                assertThat(e.getMessage().length())
                                        .isLessThanOrEqualTo(TrialProtocol.MAX_REASON_LENGTH);
                            });
        }
    }
}
