package io.sparsesweep.operator.fit;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.PhaseDecision.FitJobState;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.observe.JobFacts;
import java.util.Collection;

/**
 * The fitting Job's lifecycle, one stage of the reconcile script. {@link #observe} finds the Job
 * among the sweep's Jobs, says what state it is in and, once it finished, reads the fit from its
 * output ({@link FitContract}); {@link #apply} starts it, with the results recorded in this pass as
 * its input, when the phase decision says Fitting, and keeps {@code status.fitJob}. The operator
 * records {@code status.fit} from what {@link #observe} read, as it records trials: it is the only
 * writer of the sweep's status. The decision itself is {@link PhaseDecision}'s.
 */
public final class FitStage {
    private final JobGateway jobs;
    private final FitJobFactory factory;
    private final EventRecorder events;

    /**
     * The fitting Job as observed.
     *
     * @param job the Job, or null when there is none
     * @param state its state
     * @param fit the fit to record: the one recorded before, else the finished Job's report (a
     *     Failed status saying why when it left none), else null
     */
    public record Observed(Job job, FitJobState state, FitStatus fit) {}

    public FitStage(JobGateway jobs, FitJobFactory factory, EventRecorder events) {
        this.jobs = jobs;
        this.factory = factory;
        this.events = events;
    }

    /**
     * Finds the sweep's fitting Job among its Jobs, reads its state and, when it finished and no
     * fit is recorded yet, its output. Reads only.
     */
    public Observed observe(SparseSweep sweep, Collection<Job> observedJobs) {
        String name = SweepNames.fitJobName(sweep.getMetadata().getName());
        Job job =
                observedJobs.stream()
                        .filter(j -> name.equals(j.getMetadata().getName()))
                        .findFirst()
                        .orElse(null);
        FitJobState state = state(job);
        SparseSweepStatus recorded = sweep.getStatus();
        FitStatus fit = recorded == null ? null : recorded.getFit();
        boolean ended =
                recorded != null && recorded.getPhase() != null && recorded.getPhase().terminal();
        if (fit == null
                && !ended
                && (state == FitJobState.SUCCEEDED || state == FitJobState.FAILED)) {
            fit = read(job, state);
        }
        return new Observed(job, state, fit);
    }

    private FitStatus read(Job job, FitJobState state) {
        return jobs.logTail(
                        job,
                        SweepNames.FIT_CONTAINER,
                        FitContract.OUTPUT_TAIL_LINES,
                        FitContract.OUTPUT_MAX_BYTES)
                .map(FitContract::readOutput)
                .orElseGet(
                        () ->
                                FitContract.failed(
                                        state == FitJobState.FAILED
                                                ? "the fitting Job failed and left no log"
                                                : "the fitting Job succeeded but its log is gone"));
    }

    /** The fitting Job's state from its conditions. Pure. */
    static FitJobState state(Job fitJob) {
        if (fitJob == null) {
            return FitJobState.NONE;
        }
        if (JobFacts.hasCondition(fitJob, "Failed")) {
            return FitJobState.FAILED;
        }
        if (JobFacts.hasCondition(fitJob, "Complete")) {
            return FitJobState.SUCCEEDED;
        }
        return FitJobState.RUNNING;
    }

    /**
     * Starts the fitting Job when the sweep is Fitting and has none, fitting {@code resultsCsv}
     * (built from the trial statuses this pass records), and returns the next {@code status.fitJob}
     * (a new object, never the recorded one changed in place), or null.
     */
    public FitJobStatus apply(
            SparseSweep sweep,
            PhaseDecision decision,
            Observed fit,
            String resultsCsv,
            String now) {
        FitJobStatus recorded = sweep.getStatus() == null ? null : sweep.getStatus().getFitJob();
        FitJobStatus next = null;
        if (decision.phase() == SweepPhase.Fitting && fit.job() == null) {
            Job job = factory.jobFor(sweep, resultsCsv);
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
