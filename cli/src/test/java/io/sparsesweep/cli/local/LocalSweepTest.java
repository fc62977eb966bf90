package io.sparsesweep.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.crd.SweepManifests;
import io.sparsesweep.crd.plan.SweepPlanner;
import io.sparsesweep.crd.plan.Trial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    public static List<Trial> trials() {
        return SweepPlanner.plan(SweepManifests.parse(MANIFEST).getSpec());
    }

    @Test
    void runsEveryTrialThenResumesWithoutRunningThemAgain() throws Exception {
        List<Trial> trials = trials();
        assertThat(trials).hasSize(36);
        LawTrialExecutor exec = new LawTrialExecutor(16);
        LocalSweep.Outcome first =
                new LocalSweep(trials, dir, 2, 0, 0, exec, SweepListener.NO_OP).run();
        assertThat(first.finished()).hasSize(36);
        assertThat(first.resumed()).isZero();
        assertThat(exec.calls).hasValue(36);
        for (Trial t : trials) {
            assertThat(dir.resolve("trials").resolve(t.id()).resolve("result.json"))
                    .isRegularFile();
        }
        String csv = first.resultsCsv();
        assertThat(csv.lines().findFirst())
                .hasValue("trial,sparsity,pattern,nonzero_params,data,val_loss,steps");
        assertThat(csv.lines().count()).isEqualTo(37);

        LocalSweep.Outcome second =
                new LocalSweep(trials, dir, 2, 0, 0, exec, SweepListener.NO_OP).run();
        assertThat(exec.calls).hasValue(36);
        assertThat(second.resumed()).isEqualTo(36);
        assertThat(second.resultsCsv()).isEqualTo(csv);
    }

    @Test
    void aTrialCutOffMidWayIsRunAgainAndAPartialResultFileDoesNotCount() throws Exception {
        List<Trial> trials = trials().subList(0, 5);
        LawTrialExecutor exec = new LawTrialExecutor(16);
        new LocalSweep(trials, dir, 1, 0, 0, exec, SweepListener.NO_OP).run();
        // Simulate a crash: one trial's result vanished, another's was never completed.
        Files.delete(dir.resolve("trials").resolve(trials.get(1).id()).resolve("result.json"));
        Files.writeString(
                dir.resolve("trials").resolve(trials.get(2).id()).resolve("result.json"),
                "{\"v\":1,");
        LocalSweep.Outcome again =
                new LocalSweep(trials, dir, 1, 0, 0, exec, SweepListener.NO_OP).run();
        assertThat(exec.calls).hasValue(7);
        assertThat(again.resumed()).isEqualTo(3);
        assertThat(again.finished()).hasSize(5);
    }

    @Test
    void retriesThenCountsFailuresAgainstTheBudget() throws Exception {
        List<Trial> trials = trials();
        LawTrialExecutor exec = new LawTrialExecutor(16);
        exec.failing.add(trials.get(0).id());
        exec.garbage.add(trials.get(1).id());
        LocalSweep.Outcome o =
                new LocalSweep(trials, dir, 1, 2, 1, exec, SweepListener.NO_OP).run();
        assertThat(o.failed()).containsOnlyKeys(trials.get(0).id(), trials.get(1).id());
        assertThat(o.failed().get(trials.get(1).id())).startsWith("ResultUnavailable");
        assertThat(o.failureBudgetExceeded()).isFalse();
        assertThat(o.finished()).hasSize(34);
        // two attempts each for the two bad trials, one for the rest
        assertThat(exec.calls).hasValue(34 + 4);
        assertThat(dir.resolve("trials").resolve(trials.get(0).id()).resolve("error.txt"))
                .content()
                .contains("attempt 2: IllegalStateException: simulated failure");
    }

    @Test
    void pastMaxFailedTrialsNoNewTrialStarts() throws Exception {
        List<Trial> trials = trials();
        LawTrialExecutor exec = new LawTrialExecutor(16);
        for (int i = 0; i < 3; i++) {
            exec.failing.add(trials.get(i).id());
        }
        LocalSweep.Outcome o =
                new LocalSweep(trials, dir, 1, 1, 0, exec, SweepListener.NO_OP).run();
        assertThat(o.failureBudgetExceeded()).isTrue();
        assertThat(o.failed()).hasSize(2);
        assertThat(exec.calls).hasValue(2);
    }

    @Test
    void anInterruptedTrialStopsTheSweepAndLeavesNoResult() throws Exception {
        List<Trial> trials = trials().subList(0, 6);
        TrialExecutor stopsAtThird =
                new TrialExecutor() {
                    final LawTrialExecutor inner = new LawTrialExecutor(16);

                    @Override
                    public String run(Trial t, TrialWorkspace ws, Progress p) throws Exception {
                        if (inner.calls.get() == 2) {
                            inner.calls.incrementAndGet();
                            throw new InterruptedException("stopped after a checkpoint");
                        }
                        return inner.run(t, ws, p);
                    }
                };
        LocalSweep.Outcome o =
                new LocalSweep(trials, dir, 1, 0, 0, stopsAtThird, SweepListener.NO_OP).run();
        assertThat(o.interrupted()).isTrue();
        assertThat(o.finished()).hasSize(2);
        assertThat(o.failed()).isEmpty();
        assertThat(dir.resolve("trials").resolve(trials.get(2).id()).resolve("result.json"))
                .doesNotExist();
    }
}
