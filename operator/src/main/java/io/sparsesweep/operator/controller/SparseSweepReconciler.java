package io.sparsesweep.operator.controller;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.sparsesweep.core.plan.AttemptOutcome;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.SweepScheduler;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.plan.TrialProgress;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.fit.FitStage;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.jobset.JobSet;
import io.sparsesweep.operator.jobset.JobSetView;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.kube.StatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.observe.JobFacts;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.observe.TrialObserver;
import io.sparsesweep.operator.policy.LaunchPolicy;
import io.sparsesweep.operator.policy.SettingsChecks;
import io.sparsesweep.operator.status.SweepStatusBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a SparseSweep with the same script every time (see DESIGN.md beside this class):
 * validate, plan, observe, decide, apply, record. Decisions are pure code ({@link SettingsChecks},
 * {@link SweepPlanner}, {@link LaunchPolicy}, {@link SweepScheduler}, {@link PhaseDecision}, {@link
 * SweepStatusBuilder}); observing is {@link TrialObserver}'s and {@link FitStage}'s job, applying
 * {@link TrialActions}', {@link ResultsPublisher}'s and {@link FitStage}'s, recording and reporting
 * {@link OutcomeReporter}'s. This class only runs the script.
 */
@ControllerConfiguration(
        name = SparseSweepReconciler.NAME,
        maxReconciliationInterval =
                @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.MINUTES))
public class SparseSweepReconciler implements Reconciler<SparseSweep> {
    /** Controller name (metrics tag, logs). */
    public static final String NAME = "sparsesweep";

    private static final Logger LOG = LoggerFactory.getLogger(SparseSweepReconciler.class);
    private static final Duration ACTIVE_RESYNC = Duration.ofSeconds(30);
    private static final String JOBS = "jobs";
    private static final String JOBSETS = "jobsets";

    private final Clock clock;
    private final SettingsChecks checks;
    private final LaunchPolicy launchPolicy;
    private final TrialObserver observer;
    private final TrialActions trials;
    private final ResultsPublisher results;
    private final FitStage fit;
    private final OutcomeReporter recorder;
    private final SweepMetrics metrics;
    private final boolean jobSets;

    public SparseSweepReconciler(
            OperatorSettings settings,
            JobGateway jobs,
            StatusWriter statusWriter,
            EventRecorder events,
            SweepMetrics metrics,
            Clock clock) {
        this.clock = clock;
        this.metrics = metrics;
        this.jobSets = settings.usesJobSets();
        this.checks = new SettingsChecks(settings);
        this.launchPolicy =
                new LaunchPolicy(settings.defaultParallelism(), settings.maxActiveTrials());
        this.observer = new TrialObserver(jobs, clock, settings.trialStartDeadline());
        this.trials = new TrialActions(settings, jobs, events, metrics);
        this.results = new ResultsPublisher(jobs);
        this.fit = new FitStage(jobs, new FitJobFactory(settings), events);
        this.recorder = new OutcomeReporter(statusWriter, events, metrics);
    }

    @Override
    public List<EventSource<?, SparseSweep>> prepareEventSources(
            EventSourceContext<SparseSweep> context) {
        // Jobs are mapped back to their sweep through the controller owner reference. The cache
        // keeps them without managedFields (see withoutManagedFields).
        var config =
                InformerEventSourceConfiguration.from(Job.class, SparseSweep.class)
                        .withName(JOBS)
                        .withLabelSelector(SweepNames.LABEL_SWEEP)
                        .withItemStore(
                                new TransformingItemStore<>(
                                        SparseSweepReconciler::withoutManagedFields))
                        .build();
        if (!jobSets) {
            return List.of(new InformerEventSource<>(config, context));
        }
        // Multi-host trials run as JobSets (only when a profile spans hosts: a cluster without
        // the JobSet API, or without the chart's rbac.jobSets, then never needs it).
        var jobSetConfig =
                InformerEventSourceConfiguration.from(JobSet.class, SparseSweep.class)
                        .withName(JOBSETS)
                        .withLabelSelector(SweepNames.LABEL_SWEEP)
                        .build();
        return List.of(
                new InformerEventSource<>(config, context),
                new InformerEventSource<>(jobSetConfig, context));
    }

    /**
     * Drops a cached Job's {@code metadata.managedFields}: nothing here reads them, and their
     * {@code fieldsV1} trees (one map per field the operator and the Job controller set, about 180
     * per Job) were nearly half of the operator's live heap in the 1000-trial scale benchmark (heap
     * histogram at the peak: ~250k LinkedHashMaps; ~64 MB live with them, ~36 MB without;
     * BENCHMARKS.md).
     */
    static Job withoutManagedFields(Job job) {
        if (job.getMetadata() != null) {
            job.getMetadata().setManagedFields(null);
        }
        return job;
    }

    @Override
    public UpdateControl<SparseSweep> reconcile(SparseSweep sweep, Context<SparseSweep> context) {
        int activeElsewhere = 0;
        if (launchPolicy.capped()
                && context.eventSourceRetriever().getEventSourceFor(Job.class, JOBS)
                        instanceof InformerEventSource<Job, SparseSweep> informer) {
            String uid = sweep.getMetadata().getUid();
            activeElsewhere =
                    (int)
                            informer.list(j -> JobFacts.activeTrial(j) && !JobFacts.ownedBy(j, uid))
                                    .count();
            if (jobSets
                    && context.eventSourceRetriever().getEventSourceFor(JobSet.class, JOBSETS)
                            instanceof InformerEventSource<JobSet, SparseSweep> sets) {
                activeElsewhere +=
                        (int)
                                sets.list(s -> true)
                                        .map(JobSetView::asJob)
                                        .filter(
                                                j ->
                                                        JobFacts.activeTrial(j)
                                                                && !JobFacts.ownedBy(j, uid))
                                        .count();
            }
        }
        Collection<Job> workloads = context.getSecondaryResources(Job.class);
        if (jobSets) {
            // A JobSet takes part as the Job of its attempt (JobSetView): one code path.
            List<Job> all = new ArrayList<>(workloads);
            context.getSecondaryResources(JobSet.class).stream()
                    .map(JobSetView::asJob)
                    .forEach(all::add);
            workloads = all;
        }
        Duration next = reconcile(sweep, workloads, activeElsewhere);
        UpdateControl<SparseSweep> control = UpdateControl.noUpdate();
        return next == null ? control : control.rescheduleAfter(next);
    }

    /**
     * One pass of the script over the sweep and its Jobs (from the informer cache, or listed by a
     * test). Returns when to look again, or null for "on the next event only".
     */
    public Duration reconcile(SparseSweep sweep, Collection<Job> observedJobs) {
        return reconcile(sweep, observedJobs, 0);
    }

    /**
     * One pass, with {@code activeElsewhere} unfinished trial Jobs of other sweeps counting against
     * the operator's {@code maxActiveTrials}.
     */
    public Duration reconcile(
            SparseSweep sweep, Collection<Job> observedJobs, int activeElsewhere) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        SparseSweepSpec spec = sweep.getSpec();
        SparseSweepStatus previous = sweep.getStatus();

        // 1. Validate what admission could not.
        List<String> errors = checks.validate(sweep);
        if (!errors.isEmpty()) {
            LOG.warn("invalid spec sweep={} errors={}", key(sweep), errors);
            recorder.record(sweep, SweepStatusBuilder.invalid(sweep, errors, now));
            return null;
        }

        // 2. Plan and observe (reads only).
        List<Trial> planned = SweepPlanner.plan(spec);
        Map<String, ObservedTrial> observed = observer.observe(sweep, planned, observedJobs);
        Map<String, TrialProgress> progress = new HashMap<>();
        observed.forEach((id, o) -> progress.put(id, o.progress()));
        FitStage.Observed fitJob = fit.observe(sweep, observedJobs);
        observed.values().stream()
                .filter(o -> o.times() != null)
                .forEach(
                        o ->
                                metrics.attemptFinished(
                                        SweepMetrics.SweepId.of(sweep),
                                        o.job(),
                                        o.result() != null,
                                        o.times()));

        // 3. Decide. A sweep that already ended launches nothing and keeps its phase.
        boolean ended =
                previous != null && previous.getPhase() != null && previous.getPhase().terminal();
        int runningHere = (int) observed.values().stream().filter(ObservedTrial::active).count();
        Schedule schedule =
                SweepScheduler.schedule(
                        planned,
                        progress,
                        launchPolicy.forSweep(spec, ended, runningHere, activeElsewhere));
        PhaseDecision decision =
                ended
                        ? SweepStatusBuilder.kept(previous)
                        : PhaseDecision.decide(
                                schedule,
                                spec.suspended(),
                                spec.effectiveFitting().fits(),
                                spec.effectiveFitting().effectiveMinSucceededTrials(),
                                fitJob.state(),
                                fitJob.fit());

        // 4. Apply: stop, launch, clean up, publish the results, start the fit.
        trials.stop(sweep, schedule, observed);
        if (!ended && !decision.phase().terminal()) {
            trials.suspendOrResume(sweep, observedJobs);
        }
        TrialActions.Launched launched = trials.launch(sweep, schedule.launches());
        if (!launched.rejected().isEmpty() && !ended) {
            // Every trial Job shares the refused pod template: the sweep cannot run. It fails now,
            // with the API server's message, instead of creating the same Job forever.
            TrialActions.Rejected first = launched.rejected().get(0);
            for (TrialActions.Rejected r : launched.rejected()) {
                String id = r.launch().trial().id();
                progress.put(
                        id,
                        new TrialProgress(
                                id,
                                TrialState.Running,
                                r.launch().attempt(),
                                AttemptOutcome.FAILED_PERMANENT));
                observed.put(
                        id,
                        new ObservedTrial(
                                progress.get(id),
                                r.job(),
                                false,
                                null,
                                "JobRejected: " + r.rejection().message(),
                                null));
            }
            schedule =
                    SweepScheduler.schedule(
                            planned,
                            progress,
                            new SchedulingPolicy(0, true, 1, 0)); // stops every running trial
            trials.stop(sweep, schedule, observed);
            decision =
                    new PhaseDecision(
                            SweepPhase.Failed,
                            "TrialJobRejected",
                            SweepLimits.capMessage(
                                    "the API server refused trial Job "
                                            + first.job()
                                            + " ("
                                            + first.rejection().code()
                                            + "): "
                                            + first.rejection().message()));
        }
        List<RuntimeException> launchFailures = launched.retryable();
        if (!spec.retainsTrialJobs()) {
            trials.deleteRecorded(sweep, observedJobs);
        }
        List<TrialStatus> trialStatuses =
                SweepStatusBuilder.trials(sweep, planned, observed, schedule, now);
        String csv =
                SweepStatusBuilder.resultsCsv(
                        trialStatuses, ResultsCsvWriter.Window.of(spec.getTraining()));
        results.publish(sweep, csv);
        FitJobStatus fitJobStatus = fit.apply(sweep, decision, fitJob, csv, now);

        // 5. Record, then report what the written status records.
        recorder.record(
                sweep,
                SweepStatusBuilder.build(
                        sweep,
                        trialStatuses,
                        decision,
                        spec.suspended(),
                        fitJobStatus,
                        fitJob.fit(),
                        now));
        throwIfAny(launchFailures);
        return decision.phase().terminal() ? null : ACTIVE_RESYNC;
    }

    /** Throws the first failure, the others attached as suppressed. */
    private static void throwIfAny(List<RuntimeException> failures) {
        if (failures.isEmpty()) {
            return;
        }
        RuntimeException first = failures.get(0);
        failures.stream().skip(1).filter(f -> f != first).forEach(first::addSuppressed);
        throw first;
    }

    /** The sweep's {@code namespace/name}, as logs and metrics name it. */
    static String key(SparseSweep sweep) {
        return sweep.getMetadata().getNamespace() + "/" + sweep.getMetadata().getName();
    }
}
