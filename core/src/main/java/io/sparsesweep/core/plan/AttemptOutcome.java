package io.sparsesweep.core.plan;

/** What became of a trial's latest attempt, as observed (Jobs, pods, or the local process). */
public enum AttemptOutcome {
    /** The attempt is running or queued. */
    ACTIVE,
    /** The attempt should exist but was not found (deleted behind our back, or a stale cache). */
    MISSING,
    /** The trainer succeeded and wrote a valid result. */
    SUCCEEDED,
    /** The trainer succeeded but its result is missing or invalid. */
    RESULT_UNAVAILABLE,
    /** The attempt failed in a way another attempt may fix. */
    FAILED_RETRYABLE,
    /** The attempt failed in a way no retry fixes (bad configuration, exit code 2). */
    FAILED_PERMANENT
}
