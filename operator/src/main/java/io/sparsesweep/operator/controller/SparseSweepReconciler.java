package io.sparsesweep.operator.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
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
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SpecValidator;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.crd.plan.Schedule;
import io.sparsesweep.crd.plan.SchedulingPolicy;
import io.sparsesweep.crd.plan.SweepPlanner;
import io.sparsesweep.crd.plan.SweepScheduler;
import io.sparsesweep.crd.plan.Trial;
import io.sparsesweep.crd.plan.TrialProgress;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobs.ChildMeta;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import io.sparsesweep.operator.kube.ConcurrentJobCreator;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.kube.StatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.observe.TrialObserver;
import io.sparsesweep.operator.status.Conditions;
import io.sparsesweep.operator.status.PhaseDecision;
import io.sparsesweep.operator.status.PhaseDecision.FitJobState;
import io.sparsesweep.operator.status.SweepStatusBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a SparseSweep with the same script every time (see DESIGN.md beside this class):
 * validate, plan, observe, decide, apply, record status. All decisions are made by pure code
 * ({@link SweepPlanner}, {@link SweepScheduler}, {@link PhaseDecision}); this class only wires them
 * to the seams ({@link JobGateway}, {@link StatusWriter}, {@link EventRecorder}).
 */
@ControllerConfiguration(
        name = SparseSweepReconciler.NAME,
        maxReconciliationInterval =
                @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.MINUTES))
public class SparseSweepReconciler implements Reconciler<SparseSweep> {
    /** Controller name (metrics tag, logs). */
    public static final String NAME = "sparsesweep";

    /**
     * How long a succeeded fitting Job may take to show its status.fit before it counts as failed.
     */
    static final Duration FIT_STATUS_GRACE = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(SparseSweepReconciler.class);
    private static final Duration ACTIVE_RESYNC = Duration.ofSeconds(30);
    private static final String JOBS = "jobs";

    private final OperatorSettings settings;
    private final JobGateway jobs;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final SweepMetrics metrics;
    private final Clock clock;
    private final TrialObserver observer;
    private final TrialJobFactory trialJobs;
    private final FitJobFactory fitJobs;
    private final ConcurrentJobCreator creator;
    private final Map<String, String> writtenCsv = new ConcurrentHashMap<>();

    public SparseSweepReconciler(
            OperatorSettings settings,
            JobGateway jobs,
            StatusWriter statusWriter,
            EventRecorder events,
            SweepMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.jobs = jobs;
        this.statusWriter = statusWriter;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.observer = new TrialObserver(jobs);
        this.trialJobs = new TrialJobFactory(settings);
        this.fitJobs = new FitJobFactory(settings);
        this.creator = new ConcurrentJobCreator(jobs, settings.jobCreationConcurrency());
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
        return List.of(new InformerEventSource<>(config, context));
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
        if (settings.maxActiveTrials() > 0
                && context.eventSourceRetriever().getEventSourceFor(Job.class, JOBS)
                        instanceof InformerEventSource<Job, SparseSweep> informer) {
            String uid = sweep.getMetadata().getUid();
            activeElsewhere =
                    (int) informer.list(j -> isActiveTrial(j) && !ownedBy(j, uid)).count();
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
            LOG.warn("invalid spec sweep={} errors={}", key(sweep), errors);
            statusWriter.write(sweep, previous, SweepStatusBuilder.invalid(sweep, errors, now));
            return null;
        }

        // 2. Plan and observe.
        List<Trial> trials = SweepPlanner.plan(spec);
        Map<String, ObservedTrial> observed = observer.observe(sweep, trials, observedJobs);
        Map<String, TrialProgress> progress = new HashMap<>();
        observed.forEach((id, o) -> progress.put(id, o.progress()));

        // 3. Decide. A sweep that already ended launches nothing, whatever the spec says now.
        boolean ended =
                previous != null && previous.getPhase() != null && previous.getPhase().terminal();
        SchedulingPolicy policy = SchedulingPolicy.of(spec, settings.defaultParallelism());
        if (ended) {
            policy = new SchedulingPolicy(0, true, policy.maxAttempts(), policy.maxFailedTrials());
        }
        if (settings.maxActiveTrials() > 0 && !ended) {
            // The cluster-wide cap: this sweep may hold its running trials plus what is left.
            long runningHere = observed.values().stream().filter(ObservedTrial::active).count();
            int left =
                    Math.max(0, settings.maxActiveTrials() - activeElsewhere - (int) runningHere);
            policy =
                    new SchedulingPolicy(
                            (int) Math.min(policy.parallelism(), runningHere + left),
                            policy.suspended(),
                            policy.maxAttempts(),
                            policy.maxFailedTrials());
        }
        Schedule schedule = SweepScheduler.schedule(trials, progress, policy);

        // 4. Apply: stop, launch, clean up.
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
        List<RuntimeException> launchFailures = launch(sweep, schedule.launches());
        if (!spec.retainsTrialJobs()) {
            deleteRecordedJobs(sweep, observedJobs);
        }

        // 5. Results: trial entries and the CSV.
        List<TrialStatus> trialStatuses =
                SweepStatusBuilder.trials(sweep, trials, observed, schedule, now);
        reportNewOutcomes(sweep, previous, trialStatuses);
        String csv = SweepStatusBuilder.resultsCsv(trialStatuses);
        if (!csv.equals(writtenCsv.get(key(sweep)))) {
            jobs.upsert(resultsConfigMap(sweep, csv));
            writtenCsv.put(key(sweep), csv);
        }

        // 6. Fit.
        Job fitJob =
                observedJobs.stream()
                        .filter(
                                j ->
                                        SweepNames.fitJobName(sweep.getMetadata().getName())
                                                .equals(j.getMetadata().getName()))
                        .findFirst()
                        .orElse(null);
        FitJobState fitState = fitState(fitJob, previous);
        PhaseDecision decision =
                ended
                        ? keep(previous)
                        : PhaseDecision.decide(
                                schedule,
                                spec.suspended(),
                                spec.effectiveFitting().fits(),
                                spec.effectiveFitting().effectiveMinSucceededTrials(),
                                fitState,
                                previous == null ? null : previous.getFit());
        FitJobStatus fitJobStatus = previous == null ? null : previous.getFitJob();
        if (decision.phase() == SweepPhase.Fitting && fitJob == null) {
            Job job = fitJobs.jobFor(sweep);
            jobs.create(job);
            events.normal(
                    sweep, "FitStarted", "fitting Job " + job.getMetadata().getName() + " started");
            fitJobStatus = new FitJobStatus();
            fitJobStatus.setName(job.getMetadata().getName());
            fitJobStatus.setStartedAt(now);
        }
        if (fitJobStatus != null) {
            fitJobStatus.setState(fitState == FitJobState.NONE ? "Running" : label(fitState));
        }

        // 7. Record.
        SparseSweepStatus next =
                SweepStatusBuilder.build(
                        sweep, trialStatuses, decision, spec.suspended(), fitJobStatus, now);
        if (!ended && decision.phase().terminal()) {
            if (decision.phase() == SweepPhase.Complete) {
                events.normal(sweep, decision.reason(), decision.message());
            } else {
                events.warning(sweep, decision.reason(), decision.message());
            }
            LOG.info(
                    "sweep ended sweep={} phase={} reason={}",
                    key(sweep),
                    decision.phase(),
                    decision.reason());
        }
        metrics.observe(key(sweep), next.getTrialCounts(), decision.phase());
        if (next.getFit() != null && next.getFit().getDurationSeconds() != null) {
            metrics.fitted(key(sweep), next.getFit().getDurationSeconds());
        }
        statusWriter.write(sweep, previous, next);
        throwIfAny(launchFailures);
        if (decision.phase() == SweepPhase.Fitting && fitState == FitJobState.SUCCEEDED) {
            return Duration.ofSeconds(5);
        }
        return decision.phase().terminal() ? null : ACTIVE_RESYNC;
    }

    /**
     * Creates the launched trials' Jobs (concurrently, see {@link ConcurrentJobCreator}) and
     * records each one created. Returns the failed creates: the pass still records its status (a
     * launched attempt whose Job is missing is made again, under the same name, by a later pass),
     * then throws them so that JOSDK retries with back-off.
     */
    private List<RuntimeException> launch(SparseSweep sweep, List<Schedule.Launch> launches) {
        Map<String, Schedule.Launch> launchOf = new HashMap<>();
        List<Job> batch = new ArrayList<>(launches.size());
        for (Schedule.Launch launch : launches) {
            Job job = trialJobs.jobFor(sweep, launch.trial(), launch.attempt());
            launchOf.put(job.getMetadata().getName(), launch);
            batch.add(job);
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (ConcurrentJobCreator.Outcome o :
                creator.createAll(
                        batch,
                        job -> launched(sweep, launchOf.get(job.getMetadata().getName()), job))) {
            if (o.failed()) {
                LOG.warn(
                        "trial Job not created sweep={} job={} error={}",
                        key(sweep),
                        o.job().getMetadata().getName(),
                        o.failure().toString());
                failures.add(o.failure());
            }
        }
        return failures;
    }

    /** Bookkeeping of one created trial Job; runs on the creating thread. */
    private void launched(SparseSweep sweep, Schedule.Launch launch, Job job) {
        metrics.launched(launch.attempt() > 1);
        events.normal(
                sweep,
                launch.attempt() > 1 ? "TrialRetried" : "TrialStarted",
                "Job "
                        + job.getMetadata().getName()
                        + " for "
                        + launch.trial().point().canonical());
        LOG.info(
                "trial launched sweep={} trial={} attempt={} job={}",
                key(sweep),
                launch.trial().id(),
                launch.attempt(),
                job.getMetadata().getName());
    }

    /** Throws the first failure, the others attached as suppressed. */
    private static void throwIfAny(List<RuntimeException> failures) {
        if (failures.isEmpty()) {
            return;
        }
        RuntimeException first = failures.get(0);
        failures.stream()
                .skip(1)
                .forEach(
                        f -> {
                            if (f != first) {
                                first.addSuppressed(f);
                            }
                        });
        throw first;
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

    /**
     * Deletes finished trial Jobs once the status read at the start of this pass (that is, already
     * written) records their outcome: a trial that is terminal, or an attempt older than the last.
     */
    private void deleteRecordedJobs(SparseSweep sweep, Collection<Job> observedJobs) {
        if (sweep.getStatus() == null || sweep.getStatus().getTrials() == null) {
            return;
        }
        Map<String, TrialStatus> recorded = new HashMap<>();
        sweep.getStatus().getTrials().forEach(t -> recorded.put(t.getId(), t));
        for (Job job : observedJobs) {
            Map<String, String> labels = job.getMetadata().getLabels();
            if (job.getMetadata().getDeletionTimestamp() != null
                    || !SweepNames.ROLE_TRIAL.equals(labels.get(SweepNames.LABEL_ROLE))) {
                continue;
            }
            TrialStatus t = recorded.get(labels.get(SweepNames.LABEL_TRIAL));
            if (t == null || t.getState() == null) {
                continue;
            }
            int attempt = Integer.parseInt(labels.getOrDefault(SweepNames.LABEL_ATTEMPT, "0"));
            boolean finished =
                    TrialObserver.hasCondition(job, "Complete")
                            || TrialObserver.hasCondition(job, "Failed");
            if ((t.getState().terminal() && finished)
                    || (attempt < t.attemptsSoFar() && finished)) {
                jobs.delete(job.getMetadata().getNamespace(), job.getMetadata().getName());
            }
        }
    }

    private void reportNewOutcomes(
            SparseSweep sweep, SparseSweepStatus previous, List<TrialStatus> next) {
        Map<String, TrialState> before = new HashMap<>();
        if (previous != null && previous.getTrials() != null) {
            previous.getTrials().forEach(t -> before.put(t.getId(), t.getState()));
        }
        for (TrialStatus t : next) {
            TrialState was = before.get(t.getId());
            if (t.getState().terminal() && (was == null || !was.terminal())) {
                if (t.getState() == TrialState.ResultUnavailable) {
                    metrics.resultUnavailable();
                }
                if (t.getState() == TrialState.Succeeded) {
                    events.normal(
                            sweep,
                            "TrialSucceeded",
                            "trial " + t.getId() + " val_loss=" + t.getValLoss());
                } else if (t.getState() != TrialState.Cancelled) {
                    events.warning(
                            sweep,
                            "Trial" + t.getState(),
                            "trial " + t.getId() + ": " + t.getMessage());
                }
                LOG.info(
                        "trial ended sweep={} trial={} state={} valLoss={} message={}",
                        key(sweep),
                        t.getId(),
                        t.getState(),
                        t.getValLoss(),
                        t.getMessage());
            }
        }
    }

    private FitJobState fitState(Job fitJob, SparseSweepStatus previous) {
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
                    done != null
                            && Instant.parse(done).plus(FIT_STATUS_GRACE).isBefore(clock.instant());
            // The fitting Job writes status.fit just before it exits; give the cache time to catch
            // up.
            return written || overdue ? FitJobState.SUCCEEDED : FitJobState.RUNNING;
        }
        return FitJobState.RUNNING;
    }

    private static String label(FitJobState s) {
        return switch (s) {
            case NONE, RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
        };
    }

    private static PhaseDecision keep(SparseSweepStatus previous) {
        var c =
                Conditions.get(
                        previous.getConditions(),
                        previous.getPhase() == SweepPhase.Complete
                                ? Conditions.COMPLETE
                                : Conditions.FAILED);
        return new PhaseDecision(
                previous.getPhase(),
                c == null ? previous.getPhase().name() : c.getReason(),
                c == null ? previous.getPhase().description() : c.getMessage());
    }

    private static ConfigMap resultsConfigMap(SparseSweep sweep, String csv) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(SweepNames.resultsConfigMapName(sweep.getMetadata().getName()))
                .withNamespace(sweep.getMetadata().getNamespace())
                .addToLabels(SweepNames.LABEL_SWEEP, sweep.getMetadata().getName())
                .addToOwnerReferences(ChildMeta.ownerOf(sweep))
                .endMetadata()
                .addToData(SweepNames.RESULTS_KEY, csv)
                .build();
    }

    private static String key(SparseSweep sweep) {
        return sweep.getMetadata().getNamespace() + "/" + sweep.getMetadata().getName();
    }

    private static boolean isActiveTrial(Job job) {
        var labels = job.getMetadata().getLabels();
        return labels != null
                && SweepNames.ROLE_TRIAL.equals(labels.get(SweepNames.LABEL_ROLE))
                && job.getMetadata().getDeletionTimestamp() == null
                && !TrialObserver.hasCondition(job, "Complete")
                && !TrialObserver.hasCondition(job, "Failed");
    }

    private static boolean ownedBy(Job job, String uid) {
        return job.getMetadata().getOwnerReferences() != null
                && job.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> uid != null && uid.equals(o.getUid()));
    }
}
