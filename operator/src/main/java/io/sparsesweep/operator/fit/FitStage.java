package io.sparsesweep.operator.fit;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.observe.JobFacts;
import io.sparsesweep.operator.status.PhaseDecision;
import io.sparsesweep.operator.status.PhaseDecision.FitJobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The fitting Job's lifecycle, one stage of the reconcile script: {@link #observe} finds the Job
 * among the sweep's Jobs and says what state it is in; {@link #apply} starts it when the phase
 * decision says Fitting and keeps {@code status.fitJob}. The decision itself is {@link
 * PhaseDecision}'s.
 */
public final class FitStage {
    /**
     * How long a succeeded fitting Job may take to show its status.fit before it counts as failed.
     */
    public static final Duration FIT_STATUS_GRACE = Duration.ofMinutes(2);

    private final JobGateway jobs;
    private final FitJobFactory factory;
    private final EventRecorder events;

    /**
     * The fitting Job as observed.
     *
     * @param job the Job, or null when there is none
     * @param state its state
     */
    public record Observed(Job job, FitJobState state) {}

    public FitStage(JobGateway jobs, FitJobFactory factory, EventRecorder events) {
        this.jobs = jobs;
        this.factory = factory;
        this.events = events;
    }

    /** Finds the sweep's fitting Job among its Jobs and reads its state. Reads only. */
    public Observed observe(SparseSweep sweep, Collection<Job> observedJobs, Instant now) {
        String name = SweepNames.fitJobName(sweep.getMetadata().getName());
        Job job =
                observedJobs.stream()
                        .filter(j -> name.equals(j.getMetadata().getName()))
                        .findFirst()
                        .orElse(null);
        return new Observed(job, state(job, sweep.getStatus(), now));
    }

    /**
     * The fitting Job's state. A completed Job counts as succeeded once {@code status.fit} is
     * recorded, or after {@link #FIT_STATUS_GRACE}: the Job writes status.fit just before it exits,
     * and the sweep in the cache may lag behind the Job. Pure.
     */
    static FitJobState state(Job fitJob, SparseSweepStatus previous, Instant now) {
        if (fitJob == null) {
            return FitJobState.NONE;
        }
        if (JobFacts.hasCondition(fitJob, "Failed")) {
            return FitJobState.FAILED;
        }
        if (JobFacts.hasCondition(fitJob, "Complete")) {
            boolean written = previous != null && previous.getFit() != null;
            String done = fitJob.getStatus().getCompletionTime();
            boolean overdue =
                    done != null && Instant.parse(done).plus(FIT_STATUS_GRACE).isBefore(now);
            return written || overdue ? FitJobState.SUCCEEDED : FitJobState.RUNNING;
        }
        return FitJobState.RUNNING;
    }

    /**
     * Starts the fitting Job when the sweep is Fitting and has none, and returns the next {@code
     * status.fitJob} (a new object, never the recorded one changed in place), or null.
     */
    public FitJobStatus apply(SparseSweep sweep, PhaseDecision decision, Observed fit, String now) {
        FitJobStatus recorded = sweep.getStatus() == null ? null : sweep.getStatus().getFitJob();
        FitJobStatus next = null;
        if (decision.phase() == SweepPhase.Fitting && fit.job() == null) {
            Job job = factory.jobFor(sweep);
            jobs.create(job);
            events.normal(
                    sweep, "FitStarted", "fitting Job " + job.getMetadata().getName() + " started");
            next = new FitJobStatus();
            next.setName(job.getMetadata().getName());
            next.setStartedAt(now);
        } else if (recorded != null) {
            next = new FitJobStatus();
            next.setName(recorded.getName());
            next.setStartedAt(recorded.getStartedAt());
            next.setMessage(recorded.getMessage());
        }
        if (next != null) {
            next.setState(label(fit.state()));
        }
        return next;
    }

    /** The state's name in {@code status.fitJob.state}. */
    static String label(FitJobState s) {
        return switch (s) {
            case NONE, RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
        };
    }
}
