package io.sparsesweep.operator.status;

/**
 * Something that became true when a status was recorded: a trial ended, the sweep ended, the spec
 * turned out invalid. Reported (as a Kubernetes Event and a log line) only after the status that
 * records it was written.
 *
 * @param warning whether it is reported as a Warning rather than a Normal event
 * @param reason CamelCase reason (stable API: events are filtered on it)
 * @param message human-readable detail
 * @param trial the trial's id when a trial ended, else null (a field of the log line)
 */
public record Outcome(boolean warning, String reason, String message, String trial) {
    /** An outcome of the sweep as a whole (no trial). */
    public Outcome(boolean warning, String reason, String message) {
        this(warning, reason, message, null);
    }

    /** Reason of a trial that ended with its Job succeeded but no usable result. */
    public static final String TRIAL_RESULT_UNAVAILABLE = "TrialResultUnavailable";
}
