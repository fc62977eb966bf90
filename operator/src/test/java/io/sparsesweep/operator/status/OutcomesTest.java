package io.sparsesweep.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesTest {
    private static TrialStatus trial(String id, TrialState state, String message) {
        TrialStatus t = new TrialStatus();
        t.setId(id);
        t.setState(state);
        t.setMessage(message);
        if (state == TrialState.Succeeded) {
            t.setValLoss(3.25);
        }
        return t;
    }

    private static SparseSweepStatus status(SweepPhase phase, TrialStatus... trials) {
        SparseSweepStatus s = new SparseSweepStatus();
        s.setPhase(phase);
        s.setTrials(List.of(trials));
        return s;
    }

    private static SparseSweepStatus ended(
            SweepPhase phase, String type, String reason, TrialStatus... trials) {
        SparseSweepStatus s = status(phase, trials);
        s.setConditions(
                Conditions.set(
                        null, type, true, reason, "why it ended", 1L, "2026-11-29T00:00:00Z"));
        return s;
    }

    @Test
    void trialsThatBecameTerminalAreReportedOnceCancelledOnesNot() {
        SparseSweepStatus before =
                status(
                        SweepPhase.Running,
                        trial("a", TrialState.Running, null),
                        trial("b", TrialState.Succeeded, null),
                        trial("c", TrialState.Running, null));
        SparseSweepStatus after =
                status(
                        SweepPhase.Running,
                        trial("a", TrialState.Succeeded, null),
                        trial("b", TrialState.Succeeded, null),
                        trial("c", TrialState.ResultUnavailable, "no result"),
                        trial("d", TrialState.Cancelled, "stopped"));
        assertThat(Outcomes.between(before, after))
                .containsExactly(
                        new Outcome(false, "TrialSucceeded", "trial a val_loss=3.25", "a"),
                        new Outcome(
                                true, Outcome.TRIAL_RESULT_UNAVAILABLE, "trial c: no result", "c"));
        assertThat(Outcomes.between(after, after)).as("nothing new: nothing reported").isEmpty();
    }

    @Test
    void theSweepEndingIsReportedFromItsCondition() {
        SparseSweepStatus running = status(SweepPhase.Fitting);
        SparseSweepStatus complete = ended(SweepPhase.Complete, Conditions.COMPLETE, "LawFitted");
        SparseSweepStatus failed = ended(SweepPhase.Failed, Conditions.FAILED, "FitFailed");
        assertThat(Outcomes.between(running, complete))
                .containsExactly(new Outcome(false, "LawFitted", "why it ended"));
        assertThat(Outcomes.between(null, failed))
                .containsExactly(new Outcome(true, "FitFailed", "why it ended"));
        assertThat(Outcomes.between(complete, complete)).isEmpty();
    }

    @Test
    void anInvalidSpecIsReportedWhenTheSweepBecomesInvalid() {
        SparseSweepStatus invalid = ended(SweepPhase.Invalid, Conditions.READY, "InvalidSpec");
        assertThat(Outcomes.between(null, invalid))
                .containsExactly(new Outcome(true, "InvalidSpec", "why it ended"));
        assertThat(Outcomes.between(invalid, invalid)).isEmpty();
    }
}
