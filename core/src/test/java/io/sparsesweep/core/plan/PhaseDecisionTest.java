package io.sparsesweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.plan.PhaseDecision.FitJobState;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseDecisionTest {
    private static Schedule done(int succeeded, int failed) {
        Map<String, TrialState> states = new LinkedHashMap<>();
        for (int i = 0; i < succeeded; i++) {
            states.put("s" + i, TrialState.Succeeded);
        }
        for (int i = 0; i < failed; i++) {
            states.put("f" + i, TrialState.ResultUnavailable);
        }
        return new Schedule(states, List.of(), List.of(), Schedule.Verdict.TRIALS_DONE);
    }

    private static FitStatus fit(String state, String message) {
        FitStatus f = new FitStatus();
        f.setState(state);
        f.setMessage(message);
        f.setLaw("L = ...");
        return f;
    }

    @Test
    void trialsDoneWithoutFittingIsComplete() {
        PhaseDecision d = PhaseDecision.decide(done(3, 1), false, false, 7, FitJobState.NONE, null);
        assertThat(d.phase()).isEqualTo(SweepPhase.Complete);
        assertThat(d.reason()).isEqualTo("TrialsFinished");
    }

    @Test
    void tooFewResultsFailsBeforeAnyFit() {
        PhaseDecision d = PhaseDecision.decide(done(6, 2), false, true, 7, FitJobState.NONE, null);
        assertThat(d.phase()).isEqualTo(SweepPhase.Failed);
        assertThat(d.reason()).isEqualTo("NotEnoughResults");
        assertThat(d.message()).isEqualTo("6 trials succeeded; fitting needs 7");
    }

    @Test
    void fitLifecycle() {
        assertThat(PhaseDecision.decide(done(8, 0), false, true, 7, FitJobState.NONE, null).phase())
                .isEqualTo(SweepPhase.Fitting);
        assertThat(
                        PhaseDecision.decide(done(8, 0), false, true, 7, FitJobState.RUNNING, null)
                                .phase())
                .isEqualTo(SweepPhase.Fitting);
        PhaseDecision ok =
                PhaseDecision.decide(
                        done(8, 0), false, true, 7, FitJobState.SUCCEEDED, fit("Succeeded", null));
        assertThat(ok.phase()).isEqualTo(SweepPhase.Complete);
        assertThat(ok.reason()).isEqualTo("LawFitted");
        PhaseDecision bad =
                PhaseDecision.decide(
                        done(8, 0),
                        false,
                        true,
                        7,
                        FitJobState.FAILED,
                        fit("Failed", "FitInputException: too few points"));
        assertThat(bad.phase()).isEqualTo(SweepPhase.Failed);
        assertThat(bad.message()).isEqualTo("FitInputException: too few points");
        PhaseDecision silent =
                PhaseDecision.decide(done(8, 0), false, true, 7, FitJobState.SUCCEEDED, null);
        assertThat(silent.reason()).isEqualTo("FitFailed");
        assertThat(silent.message()).contains("reported no fit");
    }

    @Test
    void runningOrSuspended() {
        Map<String, TrialState> states =
                new LinkedHashMap<>(
                        Map.of(
                                "a",
                                TrialState.Running,
                                "b",
                                TrialState.Pending,
                                "c",
                                TrialState.Succeeded));
        Schedule running = new Schedule(states, List.of(), List.of(), Schedule.Verdict.RUNNING);
        assertThat(PhaseDecision.decide(running, false, true, 1, FitJobState.NONE, null).message())
                .isEqualTo("1 running, 1 of 3 done");
        assertThat(PhaseDecision.decide(running, true, true, 1, FitJobState.NONE, null).phase())
                .isEqualTo(SweepPhase.Suspended);
    }
}
