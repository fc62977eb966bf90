package io.sparsesweep.cli.local;

import io.sparsesweep.core.plan.Trial;

/** Runs one trial to completion on this machine: the seam between a local sweep and the trainer. */
public interface TrialExecutor {

    /** Progress of the running trial, for the progress display. */
    interface Progress {
        void onStep(long step, long totalSteps, double loss);
    }

    /**
     * The attempt failed in a way no retry fixes: the trial's configuration is bad (the runner's
     * exit code 2; on a cluster, the Job's pod failure policy fails it at once). Not retried.
     */
    final class BadConfiguration extends Exception {
        public BadConfiguration(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Trains attempt {@code attempt} (1-based, as the operator numbers a trial's Jobs) of the
     * trial, resuming from {@code workspace.checkpointDir()} when it holds a checkpoint, and
     * returns the runner's one-line JSON result. Any other exception than the two below is a failed
     * attempt that another attempt may fix.
     *
     * @throws BadConfiguration when no attempt of this trial can succeed
     * @throws InterruptedException when the sweep is being stopped; the trial's checkpoint has been
     *     written and a later run resumes it
     */
    String run(Trial trial, int attempt, TrialWorkspace workspace, Progress progress)
            throws Exception;
}
