package io.sparsesweep.operator.observe;

import io.sparsesweep.core.plan.TrialProgress;
import io.sparsesweep.protocol.TrialResult;
import java.util.HashMap;
import java.util.Map;

/**
 * What the observer learnt about one trial.
 *
 * @param progress input for the scheduler
 * @param job name of the latest attempt's Job, or null
 * @param active whether that Job exists and has not finished
 * @param result the result read from a succeeded attempt, or null
 * @param message why the latest attempt failed or has no result, or null
 * @param times when the latest attempt waited and ran, once it finished; else null (metrics)
 */
public record ObservedTrial(
        TrialProgress progress,
        String job,
        boolean active,
        TrialResult result,
        String message,
        AttemptTimes times) {

    /** The scheduler's input: each observed trial's progress, by trial id. */
    public static Map<String, TrialProgress> progress(Map<String, ObservedTrial> observed) {
        Map<String, TrialProgress> progress = new HashMap<>();
        observed.forEach((id, o) -> progress.put(id, o.progress()));
        return progress;
    }
}
