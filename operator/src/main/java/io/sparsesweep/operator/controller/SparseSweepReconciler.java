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
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SpecValidator;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.crd.plan.Schedule;
import io.sparsesweep.crd.plan.SchedulingPolicy;
import io.sparsesweep.crd.plan.SweepPlanner;
import io.sparsesweep.crd.plan.SweepScheduler;
import io.sparsesweep.crd.plan.Trial;
import io.sparsesweep.crd.plan.TrialProgress;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.kube.StatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.observe.FitJobObserver;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.observe.TrialObserver;
import io.sparsesweep.operator.status.PhaseDecision;
import io.sparsesweep.operator.status.PhaseDecision.FitJobState;
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
 * validate, plan, observe, decide, apply, record. All decisions are made by pure code ({@link
 * SweepPlanner}, {@link SweepScheduler}, {@link PhaseDecision}); observing is {@link
 * TrialObserver}'s job and applying {@link SweepActions}'; this class only runs the script.
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
    private static final Duration AWAIT_FIT_STATUS = Duration.ofSeconds(5);
    private static final String JOBS = "jobs";

    private final OperatorSettings settings;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final SweepMetrics metrics;
    private final Clock clock;
    private final TrialObserver observer;
    private final SweepActions actions;

    public SparseSweepReconciler(
            OperatorSettings settings,
            JobGateway jobs,
            StatusWriter statusWriter,
            EventRecorder events,
            SweepMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.statusWriter = statusWriter;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.observer = new TrialObserver(jobs);
        this.actions = new SweepActions(settings, jobs, events, metrics);
    }

    @Override
    public List<EventSource<?, SparseSweep>> prepareEventSources(
            EventSourceContext<SparseSweep> context) {
        // Jobs are mapped back to their sweep through the controller owner reference.
        var config =
                InformerEventSourceConfiguration.from(Job.class, SparseSweep.class)
                        .withName(JOBS)
                        .withLabelSelector(SweepNames.LABEL_SWEEP)
                        .build();
        return List.of(new InformerEventSource<>(config, context));
    }

    @Override
    public UpdateControl<SparseSweep> reconcile(SparseSweep sweep, Context<SparseSweep> context) {
        int activeElsewhere = 0;
        if (settings.maxActiveTrials() > 0
                && context.eventSourceRetriever().getEventSourceFor(Job.class, JOBS)
                        instanceof InformerEventSource<Job, SparseSweep> informer) {
            String uid = sweep.getMetadata().getUid();
            activeElsewhere =
                    (int)
                            informer.list(
                                            j ->
                                                    SweepActions.isActiveTrial(j)
                                                            && !SweepActions.ownedBy(j, uid))
                                    .count();
        }
        Duration next = reconcile(sweep, context.getSecondaryResources(Job.class), activeElsewhere);
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
        List<String> errors = validate(sweep);
        if (!errors.isEmpty()) {
            if (previous == null || previous.getPhase() != SweepPhase.Invalid) {
                events.warning(sweep, "InvalidSpec", String.join("; ", errors));
            }
            LOG.warn("invalid spec sweep={} errors={}", SweepActions.key(sweep), errors);
            statusWriter.write(sweep, previous, SweepStatusBuilder.invalid(sweep, errors, now));
            return null;
        }

        // 2. Plan and observe.
        List<Trial> trials = SweepPlanner.plan(spec);
        Map<String, ObservedTrial> observed = observer.observe(sweep, trials, observedJobs);
        Map<String, TrialProgress> progress = new HashMap<>();
        observed.forEach((id, o) -> progress.put(id, o.progress()));
        Job fitJob = FitJobObserver.find(observedJobs, sweep.getMetadata().getName());
        FitJobState fitState = FitJobObserver.state(fitJob, previous, clock.instant());

        // 3. Decide. A sweep that already ended launches nothing, whatever the spec says now.
        boolean ended =
                previous != null && previous.getPhase() != null && previous.getPhase().terminal();
        Schedule schedule =
                SweepScheduler.schedule(
                        trials, progress, policy(spec, ended, observed, activeElsewhere));
        PhaseDecision decision =
                ended
                        ? PhaseDecision.kept(previous)
                        : PhaseDecision.decide(
                                schedule,
                                spec.suspended(),
                                spec.effectiveFitting().fits(),
                                spec.effectiveFitting().effectiveMinSucceededTrials(),
                                fitState,
                                previous == null ? null : previous.getFit());

        // 4. Apply: stop, launch, clean up, publish results, start the fit.
        actions.stop(sweep, schedule, observed);
        actions.launch(sweep, schedule);
        if (!spec.retainsTrialJobs()) {
            actions.deleteRecordedJobs(sweep, observedJobs);
        }
        List<TrialStatus> trialStatuses =
                SweepStatusBuilder.trials(sweep, trials, observed, schedule, now);
        actions.reportNewOutcomes(sweep, previous, trialStatuses);
        actions.publishResults(sweep, SweepStatusBuilder.resultsCsv(trialStatuses));
        FitJobStatus fitJobStatus = previous == null ? null : previous.getFitJob();
        if (decision.phase() == SweepPhase.Fitting && fitJob == null) {
            fitJobStatus = actions.startFit(sweep, now);
        }
        if (fitJobStatus != null) {
            fitJobStatus.setState(FitJobObserver.label(fitState));
        }

        // 5. Record.
        SparseSweepStatus next =
                SweepStatusBuilder.build(
                        sweep, trialStatuses, decision, spec.suspended(), fitJobStatus, now);
        if (!ended && decision.phase().terminal()) {
            actions.reportEnd(sweep, decision);
        }
        metrics.observe(SweepActions.key(sweep), next.getTrialCounts(), decision.phase());
        if (next.getFit() != null && next.getFit().getDurationSeconds() != null) {
            metrics.fitted(SweepActions.key(sweep), next.getFit().getDurationSeconds());
        }
        statusWriter.write(sweep, previous, next);
        if (decision.phase() == SweepPhase.Fitting
                && fitJob != null
                && fitState == FitJobState.RUNNING
                && TrialObserver.hasCondition(fitJob, "Complete")) {
            return AWAIT_FIT_STATUS;
        }
        return decision.phase().terminal() ? null : ACTIVE_RESYNC;
    }

    /**
     * The scheduling policy: the spec's, nothing new once the sweep ended, and within the
     * cluster-wide cap (this sweep keeps its running trials plus what the others leave).
     */
    private SchedulingPolicy policy(
            SparseSweepSpec spec,
            boolean ended,
            Map<String, ObservedTrial> observed,
            int activeElsewhere) {
        SchedulingPolicy policy = SchedulingPolicy.of(spec, settings.defaultParallelism());
        int parallelism = policy.parallelism();
        if (ended) {
            return new SchedulingPolicy(0, true, policy.maxAttempts(), policy.maxFailedTrials());
        }
        if (settings.maxActiveTrials() > 0) {
            int runningHere =
                    (int) observed.values().stream().filter(ObservedTrial::active).count();
            int left = Math.max(0, settings.maxActiveTrials() - activeElsewhere - runningHere);
            parallelism = Math.min(parallelism, runningHere + left);
        }
        return new SchedulingPolicy(
                parallelism, policy.suspended(), policy.maxAttempts(), policy.maxFailedTrials());
    }

    /**
     * Spec errors beyond the CRD schema, including those that depend on the operator's settings.
     */
    List<String> validate(SparseSweep sweep) {
        List<String> errors = new ArrayList<>(SpecValidator.validate(sweep));
        var trainer = sweep.getSpec() == null ? null : sweep.getSpec().getTrainer();
        if (trainer != null) {
            String profile = trainer.getAcceleratorProfile();
            if (profile != null && !settings.acceleratorProfiles().containsKey(profile)) {
                errors.add(
                        "spec.trainer.acceleratorProfile: '"
                                + profile
                                + "' is not one of the operator's profiles "
                                + settings.acceleratorProfiles().keySet());
            }
            if (trainer.getImage() == null && settings.trainerImage() == null) {
                errors.add(
                        "spec.trainer.image: is required (the operator has no default trainer image)");
            }
        }
        return errors;
    }
}
