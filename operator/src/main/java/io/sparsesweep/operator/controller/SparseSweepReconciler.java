package io.sparsesweep.operator.controller;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.SweepScheduler;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.fit.FitStage;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.kube.StatusWriter;
import io.sparsesweep.operator.kube.WorkloadGateway;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.observe.TrialObserver;
import io.sparsesweep.operator.observe.WorkloadInformers;
import io.sparsesweep.operator.policy.LaunchPolicy;
import io.sparsesweep.operator.policy.RejectedLaunches;
import io.sparsesweep.operator.policy.SettingsChecks;
import io.sparsesweep.operator.status.SweepStatusBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a SparseSweep with the same script every time (see DESIGN.md beside this class):
 * validate, plan, observe, decide, apply, record. Decisions are pure code ({@link SettingsChecks},
 * {@link SweepPlanner}, {@link LaunchPolicy}, {@link SweepScheduler}, {@link PhaseDecision}, {@link
 * RejectedLaunches}, {@link SweepStatusBuilder}); observing is {@link WorkloadInformers}', {@link
 * TrialObserver}'s and {@link FitStage}'s job, applying {@link TrialActions}', {@link
 * ResultsPublisher}'s and {@link FitStage}'s, recording and reporting {@link OutcomeReporter}'s.
 * This class only runs the script.
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

    private final Clock clock;
    private final SettingsChecks checks;
    private final LaunchPolicy launchPolicy;
    private final TrialObserver observer;
    private final TrialActions trials;
    private final ResultsPublisher results;
    private final FitStage fit;
    private final OutcomeReporter recorder;
    private final SweepMetrics metrics;
    private final WorkloadInformers informers;

    public SparseSweepReconciler(
            OperatorSettings settings,
            JobGateway jobs,
            StatusWriter statusWriter,
            EventRecorder events,
            SweepMetrics metrics,
            Clock clock) {
        this(settings, jobs, WorkloadGateway.NONE, statusWriter, events, metrics, clock);
    }

    /**
     * @param workloads Kueue's Workloads, through which queued trial Jobs are suspended and resumed
     */
    public SparseSweepReconciler(
            OperatorSettings settings,
            JobGateway jobs,
            WorkloadGateway workloads,
            StatusWriter statusWriter,
            EventRecorder events,
            SweepMetrics metrics,
            Clock clock) {
        this.clock = clock;
        this.metrics = metrics;
        this.informers = new WorkloadInformers(settings.usesJobSets());
        this.checks = new SettingsChecks(settings);
        this.launchPolicy =
                new LaunchPolicy(settings.defaultParallelism(), settings.maxActiveTrials());
        this.observer = new TrialObserver(jobs, clock, settings.trialStartDeadline());
        this.trials = new TrialActions(settings, jobs, workloads, events, metrics);
        this.results = new ResultsPublisher(jobs);
        this.fit = new FitStage(jobs, new FitJobFactory(settings), events);
        this.recorder = new OutcomeReporter(statusWriter, events, metrics);
    }

    @Override
    public List<EventSource<?, SparseSweep>> prepareEventSources(
            EventSourceContext<SparseSweep> context) {
        return informers.eventSources(context);
    }

    @Override
    public UpdateControl<SparseSweep> reconcile(SparseSweep sweep, Context<SparseSweep> context) {
        int activeElsewhere = launchPolicy.capped() ? informers.activeElsewhere(sweep, context) : 0;
        Duration next = reconcile(sweep, informers.workloads(context), activeElsewhere);
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
        FitStage.Observed fitJob = fit.observe(sweep, observedJobs);
        metrics.attemptsFinished(SweepMetrics.SweepId.of(sweep), observed.values());

        // 3. Decide. A sweep that already ended launches nothing and keeps its phase.
        boolean ended =
                previous != null && previous.getPhase() != null && previous.getPhase().terminal();
        int runningHere = (int) observed.values().stream().filter(ObservedTrial::active).count();
        Schedule schedule =
                SweepScheduler.schedule(
                        planned,
                        ObservedTrial.progress(observed),
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
            RejectedLaunches.Failed failed =
                    RejectedLaunches.fail(planned, observed, launched.rejected());
            observed = failed.observed();
            schedule = failed.schedule();
            decision = failed.decision();
            trials.stop(sweep, schedule, observed);
        }
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
        launched.throwRetryable();
        return decision.phase().terminal() ? null : ACTIVE_RESYNC;
    }

    /** The sweep's {@code namespace/name}, as logs and metrics name it. */
    static String key(SparseSweep sweep) {
        return sweep.getMetadata().getNamespace() + "/" + sweep.getMetadata().getName();
    }
}
