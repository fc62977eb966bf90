package io.sparsesweep.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a trainer process ends. The sweep reads only these four codes: 0 means "look for the result",
 * 2 fails the trial without retry, 75 retries it from its checkpoint, anything else (1, a signal,
 * an OOM kill) is a retryable failure.
 */
public final class TrialExitCodes {
    /** Trained; the result JSON was written. */
    public static final int OK = 0;

    /** Failed while training (an I/O error, divergence, a bug): worth another attempt. */
    public static final int FAILURE = 1;

    /**
     * Bad input: a flag value, a missing or malformed data set, a pattern that does not fit a
     * tensor, a checkpoint of a different run. The same flags would fail again: never retried.
     */
    public static final int BAD_INPUT = 2;

    /**
     * Stopped on request (SIGTERM) after writing a checkpoint; the same command resumes. The value
     * is BSD's {@code EX_TEMPFAIL}.
     */
    public static final int STOPPED_WITH_CHECKPOINT = 75;

    private TrialExitCodes() {}

    /** Every code with its one-line meaning, in ascending order (for help texts and docs). */
    public static Map<Integer, String> meanings() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(OK, "trained; result written");
        m.put(FAILURE, "failed while training (I/O error, divergence, bug); retryable");
        m.put(BAD_INPUT, "bad configuration (flag value, data set, pattern/shape mismatch); final");
        m.put(
                STOPPED_WITH_CHECKPOINT,
                "SIGTERM received; checkpoint written (with --checkpoint-dir); rerun to resume");
        return m;
    }
}
