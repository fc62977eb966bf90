package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.protocol.ResultJson;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainCommandTest {
    @Test
    void helpListsTheOperatorFlags() {
        CliRun r = CliRun.of("train", "--help");
        assertThat(r.exitCode()).isZero();
        for (String flag :
                new String[] {
                    "--task",
                    "--dataset",
                    "--width",
                    "--depth",
                    "--heads",
                    "--mlp-ratio",
                    "--scale",
                    "--steps",
                    "--batch-size",
                    "--seq-len",
                    "--patch-size",
                    "--optimizer",
                    "--lr",
                    "--warmup-steps",
                    "--warmup-fraction",
                    "--lr-schedule",
                    "--weight-decay",
                    "--sparsity",
                    "--pattern",
                    "--prune-start",
                    "--prune-end",
                    "--prune-every",
                    "--prune-embeddings",
                    "--seed",
                    "--threads",
                    "--checkpoint-dir",
                    "--checkpoint-every",
                    "--result",
                    "--export-masks",
                    "--val-fraction",
                    "--val-size",
                    "--engine"
                }) {
            assertThat(r.out()).contains(flag);
        }
        assertThat(r.out()).contains("SIGTERM received");
    }

    @Test
    void aCheckpointOfOtherFlagsExitsTwoNamingTheFlag(@org.junit.jupiter.api.io.TempDir Path dir) {
        List<String> runFlags = new java.util.ArrayList<>(List.of("train"));
        runFlags.addAll(TinyLmTraining.modelFlags());
        runFlags.addAll(
                List.of(
                        "--steps",
                        "6",
                        "--threads",
                        "1",
                        "--val-size",
                        "4",
                        "--sparsity",
                        "0.5",
                        "--checkpoint-dir",
                        dir.toString()));
        String[] run = runFlags.toArray(String[]::new);
        assertThat(CliRun.of(run).exitCode()).isZero();
        String[] other = java.util.Arrays.copyOf(run, run.length + 2);
        other[run.length] = "--weight-decay";
        other[run.length + 1] = "0.1";
        CliRun r = CliRun.of(other);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--weight-decay differs");
    }

    @Test
    void badPatternExitsTwoNamingTheFlag() {
        CliRun r = CliRun.of("train", "--pattern", "4:4", "--steps", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--pattern 4:4");
    }

    @Test
    void mThatDoesNotDivideTheInputAxisExitsTwo() {
        CliRun r =
                CliRun.of(
                        "train",
                        "--pattern",
                        "2:4",
                        "--width",
                        "30",
                        "--heads",
                        "3",
                        "--steps",
                        "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("does not divide the input axis").contains("length 30");
    }

    @Test
    void sparsityOfOneExitsTwo() {
        CliRun r = CliRun.of("train", "--sparsity", "1", "--steps", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--sparsity 1: must be [0, 1)");
    }

    @Test
    void missingDatasetExitsTwo() {
        CliRun r = CliRun.of("train", "--dataset", "/nonexistent/corpus.txt", "--steps", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--dataset /nonexistent/corpus.txt");
    }

    /** The CLI carries both engines (engine-djl through the default profile "djl"). */
    @ParameterizedTest(name = "--engine {0}")
    @ValueSource(strings = {"tensorflow", "djl"})
    void tinyRunWritesTheResultContract(String engine, @TempDir Path dir) throws Exception {
        Path result = dir.resolve("result.json");
        List<String> flags = new java.util.ArrayList<>(List.of("--task", "lm"));
        flags.addAll(TinyLmTraining.modelFlags());
        flags.addAll(
                List.of(
                        "--steps",
                        "8",
                        "--threads",
                        "1",
                        "--pattern",
                        "2:4",
                        "--prune-every",
                        "2",
                        "--val-size",
                        "4",
                        "--engine",
                        engine,
                        "--result",
                        result.toString()));
        List<String> line0 = new java.util.ArrayList<>(List.of("train"));
        line0.addAll(flags);
        CliRun r = CliRun.of(line0.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        String line = Files.readString(result).strip();
        assertThat(line).doesNotContain("\n").hasSizeLessThan(4096);
        JsonNode n = new ObjectMapper().readTree(line);
        assertThat(n.get("v").asInt()).isEqualTo(1);
        assertThat(n.get("pattern").asText()).isEqualTo("2:4");
        assertThat(n.get("sparsity").asDouble()).isEqualTo(0.5);
        assertThat(n.get("steps").asLong()).isEqualTo(8);
        assertThat(n.get("examples").asLong()).isEqualTo(32);
        assertThat(n.get("nonzeroParams").asLong()).isEqualTo(n.get("blockParams").asLong() / 2);
        assertThat(r.out().strip()).isEqualTo(line);
        // The trainer's own result passes the protocol's strict reader for its own flags.
        TrialResult read = ResultJson.read(line, TrainerArgs.parse(flags));
        assertThat(read.toJson()).isEqualTo(line);
        // The result says which engine trained it.
        assertThat(n.get("engine").asText()).isEqualTo(engine);
        assertThat(read.engine()).isEqualTo(engine);
        assertThat(r.err()).contains("step 8/8").contains("engine " + engine);
    }
}
