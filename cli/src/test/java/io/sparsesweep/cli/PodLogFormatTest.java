package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.operator.fit.FitContract;
import io.sparsesweep.protocol.ResultJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer and the fitter as they run in the pods of a JSON-logging install: the real {@code
 * sparsesweep} main in its own JVM (Log4j configures itself once per process) with the environment
 * the operator gives its pods ({@code SPARSESWEEP_LOG_FORMAT=json}, the sweep, trial and attempt).
 * Every line the process writes to standard error parses as one JSON object with timestamp, level,
 * logger and message and the trial's identity as fields; standard output still carries the one
 * result line (the trainer's result JSON, the fitter's output line the operator reads).
 */
class PodLogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, List<String> stdout, List<String> stderr) {}

    private static Run sparsesweep(Path dir, Map<String, String> env, String... args)
            throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectOutput(dir.resolve("stdout").toFile())
                        .redirectError(dir.resolve("stderr").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("process ended").isTrue();
        return new Run(
                p.exitValue(),
                Files.readAllLines(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readAllLines(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    /**
     * Every line of ours as a JSON event. TensorFlow's native runtime writes a few lines of its own
     * to the same file descriptor (absl's start-up warning, CPU-feature notes, MLIR messages): they
     * are not Log4j's to format, so a line that does not open a JSON object must at least not be
     * one of the trainer's own messages printed as text.
     */
    private static List<JsonNode> jsonLines(List<String> stderr) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : stderr) {
            if (!line.startsWith("{")) {
                assertThat(line)
                        .as("a trainer message printed as text instead of a JSON event")
                        .doesNotStartWith("step ")
                        .doesNotStartWith("checkpoint ")
                        .doesNotStartWith("resumed from ")
                        .doesNotStartWith("interrupted")
                        .doesNotStartWith("fit failed")
                        .doesNotStartWith("error:")
                        .doesNotStartWith("failed:");
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.fieldNames()).toIterable().startsWith("timestamp");
            assertThat(node.path("level").asText()).as(line).isNotEmpty();
            assertThat(node.path("logger").asText()).as(line).isNotEmpty();
            assertThat(node.has("message")).as(line).isTrue();
            events.add(node);
        }
        return events;
    }

    private static String[] trainArgs(long steps, Path checkpoints, Path result) {
        List<String> args = new ArrayList<>(TinyLmTraining.trainArgs(steps, checkpoints));
        args.addAll(List.of("--result", result.toString()));
        return args.toArray(String[]::new);
    }

    @Test
    void theTrainerLogsJsonEventsWithItsTrialAndPrintsItsResult(@TempDir Path dir)
            throws Exception {
        Run r =
                sparsesweep(
                        dir,
                        Map.of(
                                "SPARSESWEEP_LOG_FORMAT", "json",
                                "SPARSESWEEP_NAMESPACE", "research",
                                "SPARSESWEEP_SWEEP", "vit-small",
                                "SPARSESWEEP_TRIAL", "t0007",
                                "SPARSESWEEP_ATTEMPT", "2"),
                        trainArgs(10, dir.resolve("ckpt"), dir.resolve("result.json")));

        assertThat(r.exit()).as(String.join("\n", r.stderr())).isZero();
        List<JsonNode> events = jsonLines(r.stderr());
        List<JsonNode> progress =
                events.stream()
                        .filter(e -> e.path("message").asText().startsWith("step "))
                        .toList();
        assertThat(progress).as("progress events").hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode e : progress) {
            assertThat(e.path("namespace").asText()).isEqualTo("research");
            assertThat(e.path("sweep").asText()).isEqualTo("vit-small");
            assertThat(e.path("trial").asText()).isEqualTo("t0007");
            assertThat(e.path("attempt").asText()).isEqualTo("2");
            assertThat(e.path("level").asText()).isEqualTo("INFO");
        }
        assertThat(progress.get(progress.size() - 1).path("message").asText())
                .startsWith("step 10/10 loss ");
        String result = r.stdout().get(r.stdout().size() - 1);
        assertThat(ResultJson.read(result).steps()).isEqualTo(10);
    }

    @Test
    void theFitterLogsWhyItFailedAsJsonAndTheOperatorStillFindsItsOutputLine(@TempDir Path dir)
            throws Exception {
        Path input = Files.createDirectories(dir.resolve("input")); // no files: the fit fails
        Run r =
                sparsesweep(
                        dir,
                        Map.of(
                                "SPARSESWEEP_LOG_FORMAT", "json",
                                "SPARSESWEEP_NAMESPACE", "research",
                                "SPARSESWEEP_SWEEP", "vit-small"),
                        "operator",
                        "fit-sweep",
                        "--input",
                        input.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        List<JsonNode> events = jsonLines(r.stderr());
        assertThat(events)
                .anySatisfy(
                        e -> {
                            assertThat(e.path("level").asText()).isEqualTo("ERROR");
                            assertThat(e.path("message").asText())
                                    .startsWith("fit failed: cannot read the fit's input");
                            assertThat(e.path("sweep").asText()).isEqualTo("vit-small");
                            assertThat(e.path("namespace").asText()).isEqualTo("research");
                        });
        // kubectl logs interleaves both streams: the output line is still found
        List<String> log = new ArrayList<>(r.stdout());
        log.addAll(r.stderr());
        FitStatus fit = FitContract.readOutput(String.join("\n", log));
        assertThat(fit.getState()).isEqualTo("Failed");
        assertThat(fit.getMessage()).startsWith("cannot read the fit's input");
    }
}
