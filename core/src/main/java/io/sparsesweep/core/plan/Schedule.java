package io.sparsesweep.core.plan;

import io.sparsesweep.crd.TrialState;
import java.util.List;
import java.util.Map;

/**
 * One scheduling decision: every trial's new state, what to launch and what to stop.
 *
 * @param states each trial's state after the decision, in plan order
 * @param launches attempts to start now (an attempt whose Job went missing is launched again under
 *     the same number)
 * @param stops ids of trials whose running attempt must be stopped (the sweep failed)
 * @param verdict where the sweep's trials stand
 */
public record Schedule(
        Map<String, TrialState> states,
        List<Launch> launches,
        List<String> stops,
        Verdict verdict) {

    /** Start attempt {@code attempt} (1-based) of {@code trial}. */
    public record Launch(Trial trial, int attempt) {}

    /** Where the sweep's trials stand after the decision. */
    public enum Verdict {
        /** Some trial is not terminal yet. */
        RUNNING,
        /** Every trial is terminal and the failure budget held. */
        TRIALS_DONE,
        /** More than {@code maxFailedTrials} trials failed. */
        TOO_MANY_FAILURES
    }

    /** Trials in the given state. */
    public int count(TrialState state) {
        return (int) states.values().stream().filter(s -> s == state).count();
    }

    /** Trials counted as failed (Failed and ResultUnavailable). */
    public int failed() {
        return (int) states.values().stream().filter(TrialState::countsAsFailed).count();
    }
}
