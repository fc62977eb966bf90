package io.sparsesweep.cli;

/** Exit codes of every sparsesweep command: part of the command line's interface. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;

    /** The command failed while working (an I/O error, a solver that never converged, a bug). */
    public static final int FAILURE = 1;

    /** Bad usage or bad input: an unknown flag, a malformed file, a value out of range. */
    public static final int BAD_INPUT = 2;

    /** A training run stopped by SIGTERM after writing its checkpoint: safe to retry. */
    public static final int RETRYABLE = 75;

    private ExitCodes() {}
}
