package io.sparsesweep.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.crd.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class LocalSweepTest {
    public static final String MANIFEST =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata: {name: law}
            spec:
              task: lm
              dataset: synthetic
              model:
                sizes:
                - {name: a, width: 32, depth: 2, heads: 2}
                - {name: b, width: 64, depth: 2, heads: 2}
                - {name: c, width: 128, depth: 2, heads: 2}
              grid:
                sparsities: [0.0, 0.5, 0.75]
                patterns: [unstructured, "2:4"]
                steps: [100, 200, 400]
              training: {batchSize: 16}
              trainer: {image: img}
            """;

    @TempDir Path dir;

    /** A local sweep with the operator's policy: {@code retries} extra attempts per trial. */
    private LocalSweep sweep(
            List<Trial> trials, int workers, int maxFailed, int retries, TrialExecutor exec) {
        return new LocalSweep(
                trials,
                dir,
                new SchedulingPolicy(workers, false, 1 + retries, maxFailed),
                exec,
                SweepListener.NO_OP,
                new AtomicBoolean());
    }

    public static List<Trial> trials() {
        return SweepPlanner.plan(SweepManifests.parse(MANIFEST).getSpec());
    }

    @Test
    void runsEveryTrialThenResumesWithoutRunningThemAgain() throws Exception {
        List<Trial> trials = trials();
        assertThat(trials).hasSize(36);
        LawTrialExecutor exec = new LawTrialExecutor();
        LocalSweep.Outcome first = sweep(trials, 2, 0, 0, exec).run();
        assertThat(first.finished()).hasSize(36);
        assertThat(first.resumed()).isZero();
        assertThat(exec.calls).hasValue(36);
        for (Trial t : trials) {
            assertThat(dir.resolve("trials").resolve(t.id()).resolve("result.json"))
                    .isRegularFile();
        }
        String csv = first.resultsCsv(ResultsCsvWriter.Window.of(null));
        assertThat(csv.lines().findFirst()).hasValue(ResultsCsvWriter.HEADER);
        assertThat(csv.lines().count()).isEqualTo(37);

        LocalSweep.Outcome second = sweep(trials, 2, 0, 0, exec).run();
        assertThat(exec.calls).hasValue(36);
        assertThat(second.resumed()).isEqualTo(36);
        assertThat(second.resultsCsv(ResultsCsvWriter.Window.of(null))).isEqualTo(csv);
    }

    @Test
    void aTrialCutOffMidWayIsRunAgainAndAPartialResultFileDoesNotCount() throws Exception {
        List<Trial> trials = trials().subList(0, 5);
        LawTrialExecutor exec = new LawTrialExecutor();
        sweep(trials, 1, 0, 0, exec).run();
        // Simulate a crash: one trial's result vanished, another's was never completed.
        Files.delete(dir.resolve("trials").resolve(trials.get(1).id()).resolve("result.json"));
        Files.writeString(
                dir.resolve("trials").resolve(trials.get(2).id()).resolve("result.json"),
                "{\"v\":1,");
        LocalSweep.Outcome again = sweep(trials, 1, 0, 0, exec).run();
        assertThat(exec.calls).hasValue(7);
        assertThat(again.resumed()).isEqualTo(3);
        assertThat(again.finished()).hasSize(5);
    }

    @Test
    void retriesFailedAttemptsButNeitherBadConfigurationNorUnusableResults() throws Exception {
        List<Trial> trials = trials();
        LawTrialExecutor exec = new LawTrialExecutor();
        exec.failing.add(trials.get(0).id());
        exec.garbage.add(trials.get(1).id());
        exec.badConfig.add(trials.get(2).id());
        exec.failingOnce.add(trials.get(3).id());
        LocalSweep.Outcome o = sweep(trials, 1, 3, 1, exec).run();
        assertThat(o.failed())
                .containsOnlyKeys(trials.get(0).id(), trials.get(1).id(), trials.get(2).id());
        assertThat(o.failed().get(trials.get(1).id())).startsWith("ResultUnavailable");
        assertThat(o.failed().get(trials.get(2).id())).startsWith("BadConfiguration");
        var states = o.schedule().states();
        assertThat(states.get(trials.get(0).id())).isEqualTo(TrialState.Failed);
        assertThat(states.get(trials.get(1).id())).isEqualTo(TrialState.ResultUnavailable);
        assertThat(states.get(trials.get(2).id())).isEqualTo(TrialState.Failed);
        assertThat(states.get(trials.get(3).id())).isEqualTo(TrialState.Succeeded);
        assertThat(o.failureBudgetExceeded()).isFalse();
        assertThat(o.finished()).hasSize(33);
        // as the operator: two attempts for the failing trial and the one failing once, one for
        // bad configuration, one for an unusable result, one for each of the rest
        assertThat(exec.callsOf.get(trials.get(0).id())).hasValue(2);
        assertThat(exec.callsOf.get(trials.get(1).id())).hasValue(1);
        assertThat(exec.callsOf.get(trials.get(2).id())).hasValue(1);
        assertThat(exec.callsOf.get(trials.get(3).id())).hasValue(2);
        assertThat(exec.calls).hasValue(32 + 2 + 1 + 1 + 2);
        assertThat(dir.resolve("trials").resolve(trials.get(0).id()).resolve("error.txt"))
                .content()
                .contains("attempt 2: IllegalStateException: simulated failure");
    }

    @Test
    void pastMaxFailedTrialsNoNewTrialStarts() throws Exception {
        List<Trial> trials = trials();
        LawTrialExecutor exec = new LawTrialExecutor();
        for (int i = 0; i < 3; i++) {
            exec.failing.add(trials.get(i).id());
        }
        LocalSweep.Outcome o = sweep(trials, 1, 1, 0, exec).run();
        assertThat(o.failureBudgetExceeded()).isTrue();
        assertThat(o.failed()).hasSize(2);
        assertThat(exec.calls).hasValue(2);
    }

    @Test
    void anInterruptedTrialStopsTheSweepAndLeavesNoResult() throws Exception {
        List<Trial> trials = trials().subList(0, 6);
        TrialExecutor stopsAtThird =
                new TrialExecutor() {
                    final LawTrialExecutor inner = new LawTrialExecutor();

                    @Override
                    public String run(Trial t, int attempt, TrialWorkspace ws, Progress p)
                            throws Exception {
                        if (inner.calls.get() == 2) {
                            inner.calls.incrementAndGet();
                            throw new InterruptedException("stopped after a checkpoint");
                        }
                        return inner.run(t, attempt, ws, p);
                    }
                };
        LocalSweep.Outcome o = sweep(trials, 1, 0, 0, stopsAtThird).run();
        assertThat(o.interrupted()).isTrue();
        assertThat(o.finished()).hasSize(2);
        assertThat(o.failed()).isEmpty();
        assertThat(dir.resolve("trials").resolve(trials.get(2).id()).resolve("result.json"))
                .doesNotExist();
    }

    @Test
    void pastTheBudgetRunningTrialsAreCancelledAsTheOperatorStopsTheirJobs() throws Exception {
        List<Trial> trials = trials().subList(0, 6);
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.CountDownLatch othersRunning =
                new java.util.concurrent.CountDownLatch(2);
        TrialExecutor exec =
                (t, attempt, ws, p) -> {
                    if (t.id().equals(trials.get(0).id())) {
                        othersRunning.await();
                        throw new IllegalStateException("simulated failure");
                    }
                    othersRunning.countDown();
                    while (!stop.get()) {
                        Thread.sleep(5); // training until the sweep stops it at a checkpoint
                    }
                    throw new InterruptedException("stopped after a checkpoint");
                };
        LocalSweep.Outcome o =
                new LocalSweep(
                                trials,
                                dir,
                                new SchedulingPolicy(3, false, 1, 0),
                                exec,
                                SweepListener.NO_OP,
                                stop)
                        .run();
        assertThat(o.failureBudgetExceeded()).isTrue();
        assertThat(o.interrupted()).as("cancelled by the sweep, not by Ctrl-C").isFalse();
        assertThat(o.failed()).containsOnlyKeys(trials.get(0).id());
        assertThat(o.schedule().states().values())
                .filteredOn(s -> s == TrialState.Cancelled)
                .as("the two running and the three never started")
                .hasSize(5);
    }
}
