package io.sparsesweep.cli;

import io.sparsesweep.protocol.TrialExitCodes;

/**
 * Exit codes of every sparsesweep command: part of the command line's interface. They are the trial
 * protocol's codes ({@link TrialExitCodes}), which {@code train} is bound by and the other commands
 * follow.
 */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = TrialExitCodes.OK;

    /** The command failed while working (an I/O error, a solver that never converged, a bug). */
    public static final int FAILURE = TrialExitCodes.FAILURE;

    /** Bad usage or bad input: an unknown flag, a malformed file, a value out of range. */
    public static final int BAD_INPUT = TrialExitCodes.BAD_INPUT;

    /** A training run stopped by SIGTERM after writing its checkpoint: safe to retry. */
    public static final int RETRYABLE = TrialExitCodes.STOPPED_WITH_CHECKPOINT;

    private ExitCodes() {}
}
