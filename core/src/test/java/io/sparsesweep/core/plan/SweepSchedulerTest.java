package io.sparsesweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.crd.TrialState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSchedulerTest {
    private static final List<Trial> TRIALS =
            SweepPlanner.plan(
                    SweepManifests.parse(
                                    """
                                    metadata: {name: s}
                                    spec:
                                      task: vit
                                      dataset: synthetic-vit
                                      model: {sizes: [{name: s, width: 32, depth: 1, heads: 2}]}
                                      grid: {sparsities: [0.0, 0.25, 0.5, 0.75, 0.875], steps: [10]}
                                      trainer: {image: img}
                                      fitting: {minSucceededTrials: 5}
                                    """)
                            .getSpec());

    private final Map<String, TrialProgress> progress = new HashMap<>();

    private static SchedulingPolicy policy(int parallelism, int maxAttempts, int maxFailed) {
        return new SchedulingPolicy(parallelism, false, maxAttempts, maxFailed);
    }

    private void observe(int index, int attempts, AttemptOutcome outcome) {
        String id = TRIALS.get(index).id();
        progress.put(id, new TrialProgress(id, TrialState.Running, attempts, outcome));
    }

    @Test
    void launchesNoMoreThanParallelism() {
        Schedule s = SweepScheduler.schedule(TRIALS, progress, policy(2, 3, 0));
        assertThat(s.launches())
                .extracting(l -> l.trial().id())
                .containsExactly(TRIALS.get(0).id(), TRIALS.get(1).id());
        assertThat(s.launches()).allMatch(l -> l.attempt() == 1);
        assertThat(s.count(TrialState.Running)).isEqualTo(2);
        assertThat(s.count(TrialState.Pending)).isEqualTo(3);
        assertThat(s.verdict()).isEqualTo(Schedule.Verdict.RUNNING);
    }

    @Test
    void runningTrialsUseUpSlotsAndFinishedOnesFreeThem() {
        observe(0, 1, AttemptOutcome.ACTIVE);
        observe(1, 1, AttemptOutcome.ACTIVE);
        assertThat(SweepScheduler.schedule(TRIALS, progress, policy(2, 3, 0)).launches()).isEmpty();

        observe(0, 1, AttemptOutcome.SUCCEEDED);
        Schedule s = SweepScheduler.schedule(TRIALS, progress, policy(2, 3, 0));
        assertThat(s.launches())
                .extracting(l -> l.trial().id())
                .containsExactly(TRIALS.get(2).id());
        assertThat(s.states().get(TRIALS.get(0).id())).isEqualTo(TrialState.Succeeded);
    }

    @Test
    void raisingParallelismLaunchesMore() {
        observe(0, 1, AttemptOutcome.ACTIVE);
        assertThat(SweepScheduler.schedule(TRIALS, progress, policy(4, 3, 0)).launches())
                .hasSize(3);
    }

    @Test
    void failedAttemptIsRetriedUnderTheNextAttemptNumberBeforeNewTrials() {
        observe(0, 1, AttemptOutcome.FAILED_RETRYABLE);
        Schedule s = SweepScheduler.schedule(TRIALS, progress, policy(1, 3, 0));
        assertThat(s.launches())
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.trial().id()).isEqualTo(TRIALS.get(0).id());
                            assertThat(l.attempt()).isEqualTo(2);
                        });
        assertThat(s.failed()).isZero();
    }

    @Test
    void trialFailsForGoodWhenAttemptsAreUsedUpAndTheSweepFailsPastTheBudget() {
        observe(0, 3, AttemptOutcome.FAILED_RETRYABLE);
        observe(1, 1, AttemptOutcome.ACTIVE);
        Schedule withinBudget = SweepScheduler.schedule(TRIALS, progress, policy(2, 3, 1));
        assertThat(withinBudget.states().get(TRIALS.get(0).id())).isEqualTo(TrialState.Failed);
        assertThat(withinBudget.failed()).isEqualTo(1);
        assertThat(withinBudget.verdict()).isEqualTo(Schedule.Verdict.RUNNING);
        assertThat(withinBudget.launches()).hasSize(1);

        Schedule overBudget = SweepScheduler.schedule(TRIALS, progress, policy(2, 3, 0));
        assertThat(overBudget.verdict()).isEqualTo(Schedule.Verdict.TOO_MANY_FAILURES);
        assertThat(overBudget.launches()).isEmpty();
        assertThat(overBudget.stops()).containsExactly(TRIALS.get(1).id());
        assertThat(overBudget.count(TrialState.Cancelled)).isEqualTo(4);
    }

    @Test
    void badConfigurationIsNeverRetriedAndResultUnavailableCountsAsFailed() {
        observe(0, 1, AttemptOutcome.FAILED_PERMANENT);
        observe(1, 1, AttemptOutcome.RESULT_UNAVAILABLE);
        Schedule s = SweepScheduler.schedule(TRIALS, progress, policy(1, 3, 5));
        assertThat(s.states().get(TRIALS.get(0).id())).isEqualTo(TrialState.Failed);
        assertThat(s.states().get(TRIALS.get(1).id())).isEqualTo(TrialState.ResultUnavailable);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.launches())
                .extracting(l -> l.trial().id())
                .containsExactly(TRIALS.get(2).id());
    }

    @Test
    void suspendLaunchesNothingButKeepsRunningTrials() {
        observe(0, 1, AttemptOutcome.ACTIVE);
        observe(1, 2, AttemptOutcome.MISSING);
        Schedule s = SweepScheduler.schedule(TRIALS, progress, new SchedulingPolicy(5, true, 3, 0));
        assertThat(s.launches()).isEmpty();
        assertThat(s.states().get(TRIALS.get(0).id())).isEqualTo(TrialState.Running);
        assertThat(s.states().get(TRIALS.get(1).id())).isEqualTo(TrialState.Pending);
    }

    @Test
    void missingJobIsRelaunchedUnderTheSameAttemptSoNothingIsCreatedTwice() {
        observe(0, 2, AttemptOutcome.MISSING);
        Schedule s = SweepScheduler.schedule(TRIALS, progress, policy(1, 3, 0));
        assertThat(s.launches())
                .singleElement()
                .satisfies(l -> assertThat(l.attempt()).isEqualTo(2));
        assertThat(s.count(TrialState.Running)).isEqualTo(1);
    }

    @Test
    void terminalStatesNeverChangeAndAllTerminalMeansTrialsDone() {
        for (Trial t : TRIALS) {
            progress.put(
                    t.id(),
                    new TrialProgress(t.id(), TrialState.Succeeded, 1, AttemptOutcome.MISSING));
        }
        Schedule s = SweepScheduler.schedule(TRIALS, progress, policy(3, 3, 0));
        assertThat(s.launches()).isEmpty();
        assertThat(s.count(TrialState.Succeeded)).isEqualTo(5);
        assertThat(s.verdict()).isEqualTo(Schedule.Verdict.TRIALS_DONE);
    }
}
