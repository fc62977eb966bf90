package io.sparsesweep.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.plan.AttemptOutcome;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.plan.TrialProgress;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.testing.TestSweeps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A refused trial Job fails the sweep: the refused trials fail for good, the running stop. */
class RejectedLaunchesTest {

    @Test
    void refusedTrialsFailForGoodRunningTrialsStopAndTheSweepFailsWithTheFirstRefusal() {
        List<Trial> planned = SweepPlanner.plan(TestSweeps.small().getSpec());
        assertThat(planned).hasSizeGreaterThanOrEqualTo(3);
        Trial running = planned.get(0);
        Trial refused = planned.get(1);
        Trial alsoRefused = planned.get(2);
        Map<String, ObservedTrial> observed = new LinkedHashMap<>();
        for (Trial t : planned) {
            observed.put(
                    t.id(),
                    new ObservedTrial(
                            TrialProgress.notStarted(t.id()), null, false, null, null, null));
        }
        observed.put(
                running.id(),
                new ObservedTrial(
                        new TrialProgress(
                                running.id(), TrialState.Running, 1, AttemptOutcome.ACTIVE),
                        "job-running",
                        true,
                        null,
                        null,
                        null));
        Map<String, ObservedTrial> before = new LinkedHashMap<>(observed);

        RejectedLaunches.Failed failed =
                RejectedLaunches.fail(
                        planned,
                        observed,
                        List.of(
                                new RejectedLaunches.Refusal(
                                        new Schedule.Launch(refused, 1), "job-r1", 422, "invalid"),
                                new RejectedLaunches.Refusal(
                                        new Schedule.Launch(alsoRefused, 2),
                                        "job-r2",
                                        403,
                                        "denied")));

        assertThat(observed).as("the input is left as it was").isEqualTo(before);
        ObservedTrial r1 = failed.observed().get(refused.id());
        assertThat(r1.job()).isEqualTo("job-r1");
        assertThat(r1.active()).isFalse();
        assertThat(r1.message()).isEqualTo("JobRejected: invalid");
        assertThat(r1.progress().latest()).isEqualTo(AttemptOutcome.FAILED_PERMANENT);
        assertThat(failed.observed().get(alsoRefused.id()).progress().attempts()).isEqualTo(2);
        assertThat(failed.schedule().launches()).isEmpty();
        assertThat(failed.schedule().stops()).containsExactly(running.id());
        assertThat(failed.schedule().states().get(refused.id())).isEqualTo(TrialState.Failed);
        assertThat(failed.decision().phase()).isEqualTo(SweepPhase.Failed);
        assertThat(failed.decision().reason()).isEqualTo("TrialJobRejected");
        assertThat(failed.decision().message())
                .isEqualTo("the API server refused trial Job job-r1 (422): invalid");
    }
}
