package io.sparsesweep.operator.controller;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import io.sparsesweep.operator.kube.ConcurrentJobCreator;
import io.sparsesweep.operator.kube.CreateRejection;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.kube.WorkloadGateway;
import io.sparsesweep.operator.logging.LogContext;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.observe.JobFacts;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.policy.RejectedLaunches;
import io.sparsesweep.operator.policy.SuspendPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply step for trial Jobs: carries out a schedule already decided (stop, launch) and removes
 * finished Jobs whose outcome is recorded. Decides nothing; each action it takes is reported where
 * it happens (event, metric, log).
 */
final class TrialActions {
    private static final Logger LOG = LoggerFactory.getLogger(TrialActions.class);

    private final JobGateway jobs;
    private final WorkloadGateway workloads;
    private final TrialJobFactory factory;
    private final ConcurrentJobCreator creator;
    private final EventRecorder events;
    private final SweepMetrics metrics;

    TrialActions(
            OperatorSettings settings,
            JobGateway jobs,
            WorkloadGateway workloads,
            EventRecorder events,
            SweepMetrics metrics) {
        this.factory = new TrialJobFactory(settings);
        // One creator per operator: its pool bounds creations across every sweep's reconcile.
        this.creator = new ConcurrentJobCreator(jobs, settings.jobCreationConcurrency());
        this.jobs = jobs;
        this.workloads = workloads;
        this.events = events;
        this.metrics = metrics;
    }

    /** Deletes the running Jobs of the trials the schedule stops. */
    void stop(SparseSweep sweep, Schedule schedule, Map<String, ObservedTrial> observed) {
        for (String id : schedule.stops()) {
            String job = observed.get(id).job();
            if (job != null) {
                jobs.delete(sweep.getMetadata().getNamespace(), job);
                events.normal(
                        sweep,
                        "TrialStopped",
                        "stopped trial " + id + " (Job " + job + "): the sweep failed");
            }
        }
    }

    /**
     * What a launch did: the creates that failed but may succeed on a retry, and those the API
     * server refused for good (see {@link CreateRejection}).
     */
    record Launched(List<RuntimeException> retryable, List<RejectedLaunches.Refusal> rejected) {
        /** Throws the first retryable failure, the others attached as suppressed. */
        void throwRetryable() {
            if (retryable.isEmpty()) {
                return;
            }
            RuntimeException first = retryable.get(0);
            retryable.stream().skip(1).filter(f -> f != first).forEach(first::addSuppressed);
            throw first;
        }
    }

    /**
     * Suspends the running trial Jobs of a suspended sweep and resumes the ones it suspended once
     * the sweep is resumed ({@link SuspendPolicy} decides which); a queued Job (Kueue's) through
     * its Workload instead. Ends before a sweep that ended touches anything: its running Jobs are
     * stopped, not suspended.
     */
    void suspendOrResume(SparseSweep sweep, Collection<Job> observedJobs) {
        for (SuspendPolicy.Change c :
                SuspendPolicy.changes(
                        sweep.getSpec().suspended(),
                        sweep.getSpec().getQueueName() != null,
                        observedJobs)) {
            String job = c.job().getMetadata().getName();
            jobs.suspend(c.job(), c.suspend(), SuspendPolicy.ANNOTATION_SUSPENDED);
            trialSuspendEvent(
                    sweep,
                    c.job(),
                    c.suspend(),
                    c.suspend() ? "suspended trial " : "resumed trial ",
                    c.suspend()
                            ? "spec.suspend is true; it resumes from its checkpoint"
                            : "spec.suspend is false");
            LOG.info(
                    "trial {} sweep={} job={}",
                    c.suspend() ? "suspended" : "resumed",
                    SparseSweepReconciler.key(sweep),
                    job);
        }
        for (SuspendPolicy.WorkloadChange c :
                SuspendPolicy.workloadChanges(sweep.getSpec().suspended(), observedJobs)) {
            WorkloadGateway.Outcome outcome = workloads.setActive(c.job(), c.active());
            String job = c.job().getMetadata().getName();
            // Marked only once a Workload is inactive (no Workload yet: a later pass tries again);
            // unmarked whatever was found, so a resumed sweep keeps no mark it cannot act on (a
            // Workload Kueue makes anew is active).
            if (c.active() || outcome == WorkloadGateway.Outcome.DONE) {
                jobs.mark(c.job(), SuspendPolicy.ANNOTATION_DEACTIVATED, !c.active());
            }
            if (outcome != WorkloadGateway.Outcome.DONE) {
                // No Workload (yet): a later pass tries again. No Kueue: left to Kueue as before.
                LOG.debug("trial workload not changed job={} outcome={}", job, outcome);
                continue;
            }
            LOG.info(
                    "trial workload {} sweep={} job={}",
                    c.active() ? "reactivated" : "deactivated",
                    SparseSweepReconciler.key(sweep),
                    job);
            trialSuspendEvent(
                    sweep,
                    c.job(),
                    !c.active(),
                    c.active()
                            ? "reactivated the Kueue Workload of trial "
                            : "deactivated the Kueue Workload of trial ",
                    c.active()
                            ? "spec.suspend is false; Kueue admits it again"
                            : "spec.suspend is true; Kueue evicts it, it resumes from its"
                                    + " checkpoint");
        }
    }

    /** One TrialSuspended/TrialResumed event: "<what><trial> (Job <job>): <why>". */
    private void trialSuspendEvent(
            SparseSweep sweep, Job job, boolean suspended, String what, String why) {
        String trial = job.getMetadata().getLabels().get(SweepNames.LABEL_TRIAL);
        events.normal(
                sweep,
                suspended ? "TrialSuspended" : "TrialResumed",
                what + trial + " (Job " + job.getMetadata().getName() + "): " + why);
    }

    /**
     * Creates the launched trials' Jobs (concurrently, see {@link ConcurrentJobCreator}) and
     * records each one created. Returns the failed creates: the pass still records its status (a
     * launched attempt whose Job is missing is made again, under the same name, by a later pass)
     * and throws the retryable ones so that JOSDK retries with back-off; a refused one ends the
     * sweep instead ({@link RejectedLaunches}).
     */
    Launched launch(SparseSweep sweep, List<Schedule.Launch> launches) {
        Map<String, Schedule.Launch> launchOf = new HashMap<>();
        List<Job> batch = new ArrayList<>(launches.size());
        for (Schedule.Launch launch : launches) {
            Job job = factory.jobFor(sweep, launch.trial(), launch.attempt());
            launchOf.put(job.getMetadata().getName(), launch);
            batch.add(job);
        }
        List<RuntimeException> failures = new ArrayList<>();
        List<RejectedLaunches.Refusal> rejected = new ArrayList<>();
        for (ConcurrentJobCreator.Outcome o :
                creator.createAll(
                        batch,
                        job -> launched(sweep, launchOf.get(job.getMetadata().getName()), job))) {
            if (o.failed()) {
                String name = o.job().getMetadata().getName();
                LOG.warn(
                        "trial Job not created sweep={} job={} error={}",
                        SparseSweepReconciler.key(sweep),
                        name,
                        o.failure().toString());
                CreateRejection.of(o.failure())
                        .ifPresentOrElse(
                                r ->
                                        rejected.add(
                                                new RejectedLaunches.Refusal(
                                                        launchOf.get(name),
                                                        name,
                                                        r.code(),
                                                        r.message())),
                                () -> failures.add(o.failure()));
            }
        }
        return new Launched(failures, rejected);
    }

    /** Bookkeeping of one created trial Job; runs on the creating thread. */
    private void launched(SparseSweep sweep, Schedule.Launch launch, Job job) {
        try (var log =
                LogContext.trial(
                        launch.trial().id(), launch.attempt(), job.getMetadata().getName())) {
            launchedInContext(sweep, launch, job);
        }
    }

    private void launchedInContext(SparseSweep sweep, Schedule.Launch launch, Job job) {
        metrics.launched(SweepMetrics.SweepId.of(sweep), launch.attempt() > 1);
        events.normal(
                sweep,
                launch.attempt() > 1 ? "TrialRetried" : "TrialStarted",
                "Job "
                        + job.getMetadata().getName()
                        + " for "
                        + launch.trial().point().canonical());
        LOG.info(
                "trial launched sweep={} trial={} attempt={} job={}",
                SparseSweepReconciler.key(sweep),
                launch.trial().id(),
                launch.attempt(),
                job.getMetadata().getName());
    }

    /**
     * Deletes trial Jobs once the status read at the start of this pass (that is, already written)
     * records their outcome: a trial that is terminal, or an attempt older than the last.
     */
    void deleteRecorded(SparseSweep sweep, Collection<Job> observedJobs) {
        if (sweep.getStatus() == null || sweep.getStatus().getTrials() == null) {
            return;
        }
        Map<String, TrialStatus> recorded = new HashMap<>();
        sweep.getStatus().getTrials().forEach(t -> recorded.put(t.getId(), t));
        for (Job job : observedJobs) {
            if (job.getMetadata().getDeletionTimestamp() != null || !JobFacts.trial(job)) {
                continue;
            }
            Map<String, String> labels = job.getMetadata().getLabels();
            TrialStatus t = recorded.get(labels.get(SweepNames.LABEL_TRIAL));
            if (t == null || t.getState() == null) {
                continue;
            }
            var attempt = JobFacts.attempt(job);
            if (attempt.isEmpty()) {
                continue; // not one of ours: never touched (and never a reason to fail the pass)
            }
            // The recorded status is the one already written. An attempt older than the last, or
            // any attempt of a trial that has ended, is over, finished or not: an attempt that
            // never got a pod leaves its Job behind otherwise.
            boolean superseded = attempt.getAsInt() < t.attemptsSoFar();
            if (superseded || t.getState().terminal()) {
                jobs.delete(job.getMetadata().getNamespace(), job.getMetadata().getName());
            }
        }
    }
}
