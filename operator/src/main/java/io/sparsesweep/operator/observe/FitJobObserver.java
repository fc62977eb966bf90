package io.sparsesweep.operator.observe;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.status.PhaseDecision.FitJobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** Reads the fitting Job's state. Reads only. */
public final class FitJobObserver {
    /**
     * How long a succeeded fitting Job may take to show its status.fit before it counts as failed.
     */
    public static final Duration FIT_STATUS_GRACE = Duration.ofMinutes(2);

    private FitJobObserver() {}

    /** The sweep's fitting Job among its Jobs, or null. */
    public static Job find(Collection<Job> jobs, String sweep) {
        String name = SweepNames.fitJobName(sweep);
        return jobs.stream()
                .filter(j -> name.equals(j.getMetadata().getName()))
                .findFirst()
                .orElse(null);
    }

    /**
     * The fitting Job's state. A completed Job counts as succeeded once {@code status.fit} is
     * visible, or after {@link #FIT_STATUS_GRACE}: the Job writes status.fit just before it exits,
     * and the sweep in the cache may lag behind the Job.
     */
    public static FitJobState state(Job fitJob, SparseSweepStatus previous, Instant now) {
        if (fitJob == null) {
            return FitJobState.NONE;
        }
        if (TrialObserver.hasCondition(fitJob, "Failed")) {
            return FitJobState.FAILED;
        }
        if (TrialObserver.hasCondition(fitJob, "Complete")) {
            boolean written = previous != null && previous.getFit() != null;
            String done = fitJob.getStatus().getCompletionTime();
            boolean overdue =
                    done != null && Instant.parse(done).plus(FIT_STATUS_GRACE).isBefore(now);
            return written || overdue ? FitJobState.SUCCEEDED : FitJobState.RUNNING;
        }
        return FitJobState.RUNNING;
    }

    /** The state's name in {@code status.fitJob.state}. */
    public static String label(FitJobState s) {
        return switch (s) {
            case NONE, RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
        };
    }
}
