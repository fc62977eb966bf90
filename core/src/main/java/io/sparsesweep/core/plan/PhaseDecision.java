package io.sparsesweep.core.plan;

import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;

/**
 * The sweep's phase with the reason and message its conditions carry. Derived, never stored as
 * separate state: {@link #decide} is a pure function of the facts. The operator and {@code
 * sparsesweep run} both decide with it, after {@link SweepScheduler}: one decision core, two hosts.
 *
 * @param phase the phase
 * @param reason CamelCase reason (stable API)
 * @param message human-readable detail
 */
public record PhaseDecision(SweepPhase phase, String reason, String message) {
    /** Fitting Job states as the operator observes them. */
    public enum FitJobState {
        /** No fitting Job yet. */
        NONE,
        /** The fitting Job exists and runs. */
        RUNNING,
        /** The fitting Job succeeded. */
        SUCCEEDED,
        /** The fitting Job failed. */
        FAILED
    }

    /**
     * Decides the phase.
     *
     * @param schedule this reconcile's schedule
     * @param suspended spec.suspend
     * @param fitting whether fitting is enabled
     * @param minSucceeded results needed to fit
     * @param fitJob the fitting Job's state
     * @param fit the fit: recorded in status, or read from the finished fitting Job (may be null)
     */
    public static PhaseDecision decide(
            Schedule schedule,
            boolean suspended,
            boolean fitting,
            int minSucceeded,
            FitJobState fitJob,
            FitStatus fit) {
        int succeeded = schedule.count(TrialState.Succeeded);
        int total = schedule.states().size();
        switch (schedule.verdict()) {
            case TOO_MANY_FAILURES:
                return new PhaseDecision(
                        SweepPhase.Failed,
                        "TooManyFailedTrials",
                        schedule.failed()
                                + " trials failed, more than spec.failurePolicy.maxFailedTrials allows");
            case TRIALS_DONE:
                if (!fitting) {
                    return new PhaseDecision(
                            SweepPhase.Complete,
                            "TrialsFinished",
                            succeeded + " of " + total + " trials succeeded; fitting is disabled");
                }
                if (succeeded < minSucceeded) {
                    return new PhaseDecision(
                            SweepPhase.Failed,
                            "NotEnoughResults",
                            succeeded + " trials succeeded; fitting needs " + minSucceeded);
                }
                if (fit != null && "Succeeded".equals(fit.getState())) {
                    return new PhaseDecision(
                            SweepPhase.Complete,
                            "LawFitted",
                            "fitted on "
                                    + succeeded
                                    + " of "
                                    + total
                                    + " trials: "
                                    + (fit.getLaw() == null ? "" : fit.getLaw()));
                }
                if ((fit != null && "Failed".equals(fit.getState()))
                        || fitJob == FitJobState.FAILED) {
                    return new PhaseDecision(
                            SweepPhase.Failed,
                            "FitFailed",
                            fit != null && fit.getMessage() != null
                                    ? fit.getMessage()
                                    : "the fitting Job failed");
                }
                if (fitJob == FitJobState.SUCCEEDED) {
                    return new PhaseDecision(
                            SweepPhase.Failed,
                            "FitFailed",
                            "the fitting Job succeeded but reported no fit");
                }
                return new PhaseDecision(
                        SweepPhase.Fitting,
                        "Fitting",
                        "every trial is terminal; fitting " + succeeded + " results");
            default:
                if (suspended) {
                    return new PhaseDecision(
                            SweepPhase.Suspended,
                            "Suspended",
                            "spec.suspend is true: no new trials start");
                }
                int running = schedule.count(TrialState.Running);
                return new PhaseDecision(
                        SweepPhase.Running,
                        "TrialsRunning",
                        running
                                + " running, "
                                + (total - running - schedule.count(TrialState.Pending))
                                + " of "
                                + total
                                + " done");
        }
    }
}
