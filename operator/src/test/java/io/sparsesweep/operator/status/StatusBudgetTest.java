package io.sparsesweep.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.core.plan.AttemptOutcome;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.SweepScheduler;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.plan.TrialProgress;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.protocol.TrialResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A sweep at the trial limit keeps its whole status far below etcd's 1.5 MiB object limit. */
class StatusBudgetTest {
    @Test
    void statusOfTheLargestSweepStaysBounded() {
        SparseSweep sweep = TestSweeps.small();
        var sizes = sweep.getSpec().getModel().getSizes();
        sizes.clear();
        for (int i = 1; i <= 10; i++) {
            sizes.add(new io.sparsesweep.crd.ModelSize("s" + i, 32 * i, 2 + i, 2, 4));
        }
        sweep.getSpec()
                .getGrid()
                .setSparsities(
                        new ArrayList<>(IntStream.range(0, 20).mapToObj(i -> i / 20.0).toList()));
        sweep.getSpec().getGrid().setSteps(new ArrayList<>(List.of(100L, 200L, 400L, 800L, 1600L)));

        long t0 = System.nanoTime();
        List<Trial> trials = SweepPlanner.plan(sweep.getSpec());
        long t1 = System.nanoTime();
        assertThat(trials).hasSize(SweepLimits.MAX_TRIALS);

        Map<String, TrialProgress> progress = new HashMap<>();
        Map<String, ObservedTrial> observed = new LinkedHashMap<>();
        TrialResult r =
                TrialResult.builder()
                        .task("lm")
                        .valLoss(3.456789)
                        .trainLoss(3.4)
                        .steps(1600)
                        .examples(1_638_400)
                        .params(12_345_678, 12_000_000, 12_000_000, 6_000_000)
                        .sparsity(0.5)
                        .pattern("unstructured")
                        .wallSeconds(1234.5)
                        .flopsPerExample(1.234567e9, 1.08e9)
                        .build();
        for (Trial t : trials) {
            TrialProgress p =
                    new TrialProgress(t.id(), TrialState.Running, 3, AttemptOutcome.SUCCEEDED);
            progress.put(t.id(), p);
            observed.put(
                    t.id(),
                    new ObservedTrial(
                            p, "x".repeat(50) + "-" + t.id() + "-a3", false, r, null, null));
        }
        long t2 = System.nanoTime();
        Schedule schedule =
                SweepScheduler.schedule(trials, progress, SchedulingPolicy.of(sweep.getSpec(), 4));
        List<TrialStatus> statuses =
                SweepStatusBuilder.trials(
                        sweep, trials, observed, schedule, "2026-11-27T00:00:00Z");
        long t3 = System.nanoTime();
        SparseSweepStatus status =
                SweepStatusBuilder.build(
                        sweep,
                        statuses,
                        PhaseDecision.decide(
                                schedule, false, true, 7, PhaseDecision.FitJobState.NONE, null),
                        false,
                        null,
                        null,
                        "2026-11-27T00:00:00Z");
        int bytes = Serialization.asJson(status).getBytes(StandardCharsets.UTF_8).length;
        int csvBytes =
                SweepStatusBuilder.resultsCsv(statuses, ResultsCsvWriter.Window.of(null)).length();
        System.out.printf(
                "status-budget: trials=%d plan_ms=%.1f schedule+status_ms=%.1f status_bytes=%d bytes_per_trial=%d csv_bytes=%d%n",
                trials.size(),
                (t1 - t0) / 1e6,
                (t3 - t2) / 1e6,
                bytes,
                bytes / trials.size(),
                csvBytes);
        assertThat(bytes).isLessThan(512 * 1024);
        assertThat(csvBytes).as("results ConfigMap under its 1 MiB limit").isLessThan(1024 * 1024);
        assertThat(csvBytes)
                .as("the fitting Job's input annotation under the 256 KiB limit of all annotations")
                .isLessThan(200 * 1024);
    }
}
