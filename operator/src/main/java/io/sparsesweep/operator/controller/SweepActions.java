package io.sparsesweep.operator.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.crd.plan.Schedule;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobs.ChildMeta;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import io.sparsesweep.operator.kube.EventRecorder;
import io.sparsesweep.operator.kube.JobGateway;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.observe.ObservedTrial;
import io.sparsesweep.operator.observe.TrialObserver;
import io.sparsesweep.operator.status.PhaseDecision;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "apply" step of the reconcile script: carries out decisions already made (stop, launch, clean
 * up, publish results, start the fit) and reports them as events, metrics and logs. Decides nothing
 * itself.
 */
final class SweepActions {
    private static final Logger LOG = LoggerFactory.getLogger(SweepActions.class);

    private final JobGateway jobs;
    private final EventRecorder events;
    private final SweepMetrics metrics;
    private final TrialJobFactory trialJobs;
    private final FitJobFactory fitJobs;
    private final Map<String, String> writtenCsv = new ConcurrentHashMap<>();

    SweepActions(
            OperatorSettings settings,
            JobGateway jobs,
            EventRecorder events,
            SweepMetrics metrics) {
        this.jobs = jobs;
        this.events = events;
        this.metrics = metrics;
        this.trialJobs = new TrialJobFactory(settings);
        this.fitJobs = new FitJobFactory(settings);
    }

    /** Deletes the running Jobs of trials the schedule stops. */
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

    /** Creates the Jobs of the schedule's launches (an existing name is success). */
    void launch(SparseSweep sweep, Schedule schedule) {
        for (Schedule.Launch launch : schedule.launches()) {
            Job job = trialJobs.jobFor(sweep, launch.trial(), launch.attempt());
            if (jobs.create(job)) {
                boolean retry = launch.attempt() > 1;
                metrics.launched(retry);
                events.normal(
                        sweep,
                        retry ? "TrialRetried" : "TrialStarted",
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
        }
    }

    /**
     * Deletes finished trial Jobs once the status read at the start of this pass (that is, already
     * written) records their outcome: a trial that is terminal, or an attempt older than the last.
     */
    void deleteRecordedJobs(SparseSweep sweep, Collection<Job> observedJobs) {
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
            if (t == null || t.getState() == null || !finished(job)) {
                continue;
            }
            int attempt = Integer.parseInt(labels.getOrDefault(SweepNames.LABEL_ATTEMPT, "0"));
            if (t.getState().terminal() || attempt < t.attemptsSoFar()) {
                jobs.delete(job.getMetadata().getNamespace(), job.getMetadata().getName());
            }
        }
    }

    /** Writes the results ConfigMap when its CSV changed since this process last wrote it. */
    void publishResults(SparseSweep sweep, String csv) {
        if (!csv.equals(writtenCsv.get(key(sweep)))) {
            jobs.upsert(resultsConfigMap(sweep, csv));
            writtenCsv.put(key(sweep), csv);
        }
    }

    /** Creates the fitting Job and returns its initial status entry. */
    FitJobStatus startFit(SparseSweep sweep, String now) {
        Job job = fitJobs.jobFor(sweep);
        jobs.create(job);
        events.normal(
                sweep, "FitStarted", "fitting Job " + job.getMetadata().getName() + " started");
        FitJobStatus status = new FitJobStatus();
        status.setName(job.getMetadata().getName());
        status.setStartedAt(now);
        return status;
    }

    /** Events, metrics and logs for trials that became terminal in this pass. */
    void reportNewOutcomes(SparseSweep sweep, SparseSweepStatus previous, List<TrialStatus> next) {
        Map<String, TrialState> before = new HashMap<>();
        if (previous != null && previous.getTrials() != null) {
            previous.getTrials().forEach(t -> before.put(t.getId(), t.getState()));
        }
        for (TrialStatus t : next) {
            TrialState was = before.get(t.getId());
            if (!t.getState().terminal() || (was != null && was.terminal())) {
                continue;
            }
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

    /** The event and log line of a sweep reaching Complete or Failed. */
    void reportEnd(SparseSweep sweep, PhaseDecision decision) {
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

    /** Whether a Job is an unfinished trial Job (for the cluster-wide cap). */
    static boolean isActiveTrial(Job job) {
        var labels = job.getMetadata().getLabels();
        return labels != null
                && SweepNames.ROLE_TRIAL.equals(labels.get(SweepNames.LABEL_ROLE))
                && job.getMetadata().getDeletionTimestamp() == null
                && !finished(job);
    }

    /** Whether the sweep with this uid owns the Job. */
    static boolean ownedBy(Job job, String uid) {
        return uid != null
                && job.getMetadata().getOwnerReferences() != null
                && job.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> uid.equals(o.getUid()));
    }

    static String key(SparseSweep sweep) {
        return sweep.getMetadata().getNamespace() + "/" + sweep.getMetadata().getName();
    }

    private static boolean finished(Job job) {
        return TrialObserver.hasCondition(job, "Complete")
                || TrialObserver.hasCondition(job, "Failed");
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
}
