package io.sparsesweep.cli.local;

import io.sparsesweep.crd.plan.Trial;

/** Runs one trial to completion on this machine: the seam between a local sweep and the trainer. */
public interface TrialExecutor {

    /** Progress of the running trial, for the progress display. */
    interface Progress {
        void onStep(long step, long totalSteps, double loss);
    }

    /**
     * Trains the trial, resuming from {@code workspace.checkpointDir()} when it holds a checkpoint,
     * and returns the runner's one-line JSON result.
     *
     * @throws InterruptedException when the sweep is being stopped; the trial's checkpoint has been
     *     written and a later run resumes it
     */
    String run(Trial trial, TrialWorkspace workspace, Progress progress) throws Exception;
}
