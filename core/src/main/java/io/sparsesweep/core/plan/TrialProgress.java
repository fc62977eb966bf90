package io.sparsesweep.core.plan;

import io.sparsesweep.crd.TrialState;

/**
 * What is known about one trial before a scheduling decision.
 *
 * @param id trial id
 * @param recorded state recorded earlier (in status); terminal states are final
 * @param attempts attempts launched so far (0 = never launched)
 * @param latest outcome of attempt {@code attempts}; ignored when {@code attempts == 0}
 */
public record TrialProgress(String id, TrialState recorded, int attempts, AttemptOutcome latest) {
    /** A trial that was never launched. */
    public static TrialProgress notStarted(String id) {
        return new TrialProgress(id, TrialState.Pending, 0, null);
    }
}
