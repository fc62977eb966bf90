package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Failure budget. A trial attempt that fails (not preempted: preemptions are ignored by the Job's
 * pod failure policy) is retried up to {@code retriesPerTrial} times; the sweep fails once more
 * than {@code maxFailedTrials} trials have failed for good.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailurePolicy {
    /** Trials that may fail for good before the sweep fails. */
    @JsonPropertyDescription(
            "Trials that may fail for good (Failed or ResultUnavailable) before the sweep fails, >= 0. Default: 0.")
    @Min(0)
    @Default("0")
    private Integer maxFailedTrials;

    /** Extra attempts of a failed trial (bad-configuration exits are never retried). */
    @JsonPropertyDescription(
            "Extra attempts of a failed trial, 0-20; preemptions and evictions do not count, and a bad-configuration exit (code 2) is never retried. Default: 2.")
    @Min(0)
    @Max(20)
    @Default("2")
    private Integer retriesPerTrial;

    public FailurePolicy() {}

    public FailurePolicy(int maxFailedTrials, int retriesPerTrial) {
        this.maxFailedTrials = maxFailedTrials;
        this.retriesPerTrial = retriesPerTrial;
    }

    public Integer getMaxFailedTrials() {
        return maxFailedTrials;
    }

    public void setMaxFailedTrials(Integer maxFailedTrials) {
        this.maxFailedTrials = maxFailedTrials;
    }

    public Integer getRetriesPerTrial() {
        return retriesPerTrial;
    }

    public void setRetriesPerTrial(Integer retriesPerTrial) {
        this.retriesPerTrial = retriesPerTrial;
    }

    /** The failed-trial budget with its default applied. */
    public int effectiveMaxFailedTrials() {
        return maxFailedTrials == null ? 0 : maxFailedTrials;
    }

    /** Attempts a trial may use in total: 1 + retries. */
    public int maxAttempts() {
        return 1 + (retriesPerTrial == null ? 2 : retriesPerTrial);
    }
}
