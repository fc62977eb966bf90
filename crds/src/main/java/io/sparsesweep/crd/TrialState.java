package io.sparsesweep.crd;

/** Where a trial is in its life; terminal states never change again. */
public enum TrialState {
    /** Not launched yet (waiting for a parallelism slot, or the sweep is suspended). */
    Pending(false),
    /** A Job for the current attempt exists and has not finished (it may be queued by Kueue). */
    Running(false),
    /** The trainer exited 0 and wrote a valid result. */
    Succeeded(true),
    /** Every attempt failed, or the trainer reported bad configuration. */
    Failed(true),
    /** The Job succeeded but its termination message held no valid result. Counted as failed. */
    ResultUnavailable(true),
    /** Stopped because the sweep failed. */
    Cancelled(true);

    private final boolean terminal;

    TrialState(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the state is final. */
    public boolean terminal() {
        return terminal;
    }

    /** Whether the state counts against {@code maxFailedTrials}. */
    public boolean countsAsFailed() {
        return this == Failed || this == ResultUnavailable;
    }
}
