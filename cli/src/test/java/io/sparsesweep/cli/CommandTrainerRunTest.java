package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.cli.local.CommandTrialExecutor;
import io.sparsesweep.cli.local.LocalSweep;
import io.sparsesweep.cli.local.SweepListener;
import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.protocol.ResultJson;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.protocol.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparsesweep run} with {@code spec.trainer.command}: the second trainer of the contract
 * (examples/trainers/python/tiny_trainer.py) as a real python3 process per trial.
 */
class CommandTrainerRunTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path TRAINER = REPO.resolve("examples/trainers/python/tiny_trainer.py");

    @TempDir Path dir;

    @Test
    void theExampleSweepOfThePythonTrainerCompletesWithAFittedLaw() throws Exception {
        Path out = dir.resolve("out");
        CliRun r =
                CliRun.of(
                        "run",
                        REPO.resolve("examples/python-trainer.yaml").toString(),
                        "--trainer-command",
                        TrainerCheckCommandTest.python() + " " + TRAINER,
                        "--output",
                        out.toString(),
                        "--workers",
                        "2",
                        "--no-plots");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.err())
                .contains("trainer python3 " + TRAINER + " (a process per trial)")
                .contains("27 of 27 trials finished")
                .contains("Complete (LawFitted)");
        JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
        for (String c : List.of("aS", "bS", "cS", "bN", "aD", "bD", "c")) {
            assertThat(fit.get("law").get(c).isNumber()).as(c).isTrue();
        }
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(1 + 27);

        // Each trial ran the command with exactly the trial pod's flags, and its stored result is
        // the one the strict reader accepts for those flags.
        SparseSweep sweep = SweepManifests.load(REPO.resolve("examples/python-trainer.yaml"));
        Trial trial = SweepPlanner.plan(sweep.getSpec()).get(4);
        Path ws = out.resolve("trials").resolve(trial.id());
        String started =
                Files.readAllLines(ws.resolve("events.log")).stream()
                        .filter(l -> l.startsWith("# trial " + trial.id() + " attempt 1: "))
                        .findFirst()
                        .orElseThrow();
        List<String> words = List.of(started.substring(started.indexOf(": ") + 2).split(" "));
        assertThat(words.subList(0, 2)).containsExactly("python3", TRAINER.toString());
        TrainerArgs given = TrainerArgs.parse(words.subList(2, words.size()));
        assertThat(given.has(TrainerFlag.THREADS)).as("this worker's share of the cores").isTrue();
        assertThat(
                        given.without(TrainerFlag.CHECKPOINT_DIR)
                                .without(TrainerFlag.RESULT)
                                .without(TrainerFlag.THREADS))
                .isEqualTo(trial.args());
        assertThat(given.text(TrainerFlag.CHECKPOINT_DIR))
                .isEqualTo(ws.resolve("checkpoints").toString());
        TrialResult result =
                ResultJson.read(Files.readString(ws.resolve("result.json")), trial.args());
        assertThat(result.steps()).isEqualTo(trial.point().steps());
    }

    @Test
    void exitTwoFailsTheTrialAtOnceWithoutARetry() throws Exception {
        Path m = dir.resolve("one.yaml");
        Files.writeString(
                m,
                """
                apiVersion: sparsesweep.io/v1alpha1
                kind: SparseSweep
                metadata: {name: one}
                spec:
                  task: lm
                  dataset: synthetic
                  model: {sizes: [{name: a, width: 8, depth: 1, heads: 2}]}
                  grid: {sparsities: [0.5], steps: [20]}
                  training: {batchSize: 4, seqLen: 4, valSize: 16}
                  failurePolicy: {retriesPerTrial: 3, maxFailedTrials: 0}
                  fitting: {enabled: false}
                  trainer:
                    command: [%s, %s, --no-such-flag, "1"]
                """
                        .formatted(TrainerCheckCommandTest.python(), TRAINER));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("run", m.toString(), "--output", out.toString(), "--no-plots");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        Path trial = Files.list(out.resolve("trials")).findFirst().orElseThrow();
        assertThat(trial.resolve("error.txt"))
                .content()
                .contains("attempt 1: BadConfiguration", "exit 2 (bad input)", "--no-such-flag");
        assertThat(Files.readAllLines(trial.resolve("events.log")))
                .filteredOn(l -> l.startsWith("# trial ") && l.contains(": python3"))
                .as("never retried, although retriesPerTrial is 3")
                .hasSize(1);
    }

    @Test
    void aStopIsForwardedAsSigtermTheTrainerCheckpointsAndTheNextRunResumes() throws Exception {
        SparseSweep sweep =
                SweepManifests.parse(
                        """
                        apiVersion: sparsesweep.io/v1alpha1
                        kind: SparseSweep
                        metadata: {name: stop}
                        spec:
                          task: lm
                          dataset: synthetic
                          model: {sizes: [{name: a, width: 8, depth: 1, heads: 2}]}
                          grid: {sparsities: [0.5], steps: [400]}
                          training: {batchSize: 4, seqLen: 4, valSize: 16}
                          fitting: {enabled: false}
                          trainer: {image: tiny, command: [python3, tiny_trainer.py]}
                        """);
        List<Trial> trials = SweepPlanner.plan(sweep.getSpec());
        AtomicBoolean stop = new AtomicBoolean();
        SweepListener stopAtFirstStep =
                new SweepListener() {
                    @Override
                    public void onTrialStep(Trial t, long step, long total, double loss) {
                        stop.set(true); // as Ctrl-C would, after the trainer's first step line
                    }
                };
        LocalSweep.Outcome first = sweep(trials, stop, stopAtFirstStep).run();
        assertThat(first.interrupted()).isTrue();
        assertThat(first.failed()).isEmpty();
        Path ws = dir.resolve("trials").resolve(trials.get(0).id());
        assertThat(ws.resolve("result.json")).doesNotExist();
        assertThat(ws.resolve("events.log"))
                .content()
                .contains("exit 75 (stopped with a checkpoint)");
        try (var files = Files.list(ws.resolve("checkpoints"))) {
            assertThat(files).isNotEmpty();
        }

        LocalSweep.Outcome second = sweep(trials, new AtomicBoolean(), SweepListener.NO_OP).run();
        assertThat(second.interrupted()).isFalse();
        assertThat(second.finished()).hasSize(1);
        assertThat(second.finished().get(0).result().resumedFromStep()).isPositive();
    }

    private LocalSweep sweep(List<Trial> trials, AtomicBoolean stop, SweepListener listener) {
        CommandTrialExecutor exec =
                new CommandTrialExecutor(
                        List.of(TrainerCheckCommandTest.python(), TRAINER.toString()),
                        "stop",
                        Map.of(),
                        stop::get,
                        1,
                        null);
        return new LocalSweep(
                trials, dir, new SchedulingPolicy(1, false, 2, 0), exec, listener, stop);
    }
}
