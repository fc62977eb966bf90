package io.sparsesweep.operator.observe;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.sparsesweep.core.plan.AttemptOutcome;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.plan.TrialProgress;
import io.sparsesweep.core.result.TrialResultParser;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import io.sparsesweep.operator.kube.JobGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the sweep's Jobs, their pods and the recorded status into what each trial's latest attempt
 * did. Reads only; decides nothing.
 *
 * <p>The attempt count is the larger of the recorded one and the highest attempt among the Jobs, so
 * a status write lost before a restart cannot make an attempt run twice. Results are read from the
 * trainer container's termination message of a Job that completed; a completed Job without a valid
 * message is {@code RESULT_UNAVAILABLE} at once, never a reason to wait.
 */
public final class TrialObserver {
    private final JobGateway gateway;

    /** How long a trial Job may exist without any pod before its attempt counts as failed. */
    public static final Duration DEFAULT_START_DEADLINE = Duration.ofMinutes(10);

    private final Clock clock;
    private final Duration startDeadline;

    public TrialObserver(JobGateway gateway) {
        this(gateway, Clock.systemUTC(), DEFAULT_START_DEADLINE);
    }

    /**
     * @param startDeadline how long a Job may have no pod at all (zero or negative: forever)
     */
    public TrialObserver(JobGateway gateway, Clock clock, Duration startDeadline) {
        this.gateway = gateway;
        this.clock = clock;
        this.startDeadline = startDeadline;
    }

    /** Observes every planned trial, in plan order. */
    public Map<String, ObservedTrial> observe(
            SparseSweep sweep, List<Trial> trials, Collection<Job> jobs) {
        Map<String, TrialStatus> recorded = new HashMap<>();
        if (sweep.getStatus() != null && sweep.getStatus().getTrials() != null) {
            for (TrialStatus t : sweep.getStatus().getTrials()) {
                recorded.put(t.getId(), t);
            }
        }
        Map<String, Map<Integer, Job>> jobsByTrial = new HashMap<>();
        for (Job job : jobs) {
            if (!JobFacts.trial(job)) {
                continue;
            }
            // Not one of ours (a hand-made Job with our labels) when it has no attempt.
            JobFacts.attempt(job)
                    .ifPresent(
                            attempt ->
                                    jobsByTrial
                                            .computeIfAbsent(
                                                    job.getMetadata()
                                                            .getLabels()
                                                            .get(SweepNames.LABEL_TRIAL),
                                                    k -> new HashMap<>())
                                            .put(attempt, job));
        }
        Map<String, ObservedTrial> out = new LinkedHashMap<>();
        for (Trial trial : trials) {
            out.put(
                    trial.id(),
                    observe(
                            trial,
                            recorded.get(trial.id()),
                            jobsByTrial.getOrDefault(trial.id(), Map.of())));
        }
        return out;
    }

    private ObservedTrial observe(Trial trial, TrialStatus recorded, Map<Integer, Job> jobs) {
        TrialState state =
                recorded == null || recorded.getState() == null
                        ? TrialState.Pending
                        : recorded.getState();
        int attempts =
                Math.max(
                        recorded == null ? 0 : recorded.attemptsSoFar(),
                        jobs.keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
        if (state.terminal() || attempts == 0) {
            return new ObservedTrial(
                    new TrialProgress(trial.id(), state, attempts, null),
                    null,
                    false,
                    null,
                    null,
                    null);
        }
        Job job = jobs.get(attempts);
        if (job == null) {
            return new ObservedTrial(
                    new TrialProgress(trial.id(), state, attempts, AttemptOutcome.MISSING),
                    null,
                    false,
                    null,
                    null,
                    null);
        }
        String name = job.getMetadata().getName();
        if (JobFacts.hasCondition(job, "Complete")) {
            Optional<ContainerStateTerminated> t =
                    gateway.termination(job, SweepNames.TRAINER_CONTAINER);
            TrialResultParser.Parsed parsed =
                    TrialResultParser.parse(
                            t.map(ContainerStateTerminated::getMessage).orElse(null), trial);
            if (parsed.result().isPresent()) {
                return new ObservedTrial(
                        new TrialProgress(trial.id(), state, attempts, AttemptOutcome.SUCCEEDED),
                        name,
                        false,
                        parsed.result().get(),
                        null,
                        AttemptTimes.of(job, t.orElse(null)));
            }
            String why = t.isEmpty() ? "no result: the trainer pod is gone" : parsed.error();
            return new ObservedTrial(
                    new TrialProgress(
                            trial.id(), state, attempts, AttemptOutcome.RESULT_UNAVAILABLE),
                    name,
                    false,
                    null,
                    why,
                    AttemptTimes.of(job, t.orElse(null)));
        }
        Optional<JobCondition> failed = JobFacts.condition(job, "Failed");
        if (failed.isPresent()) {
            Optional<ContainerStateTerminated> t =
                    gateway.termination(job, SweepNames.TRAINER_CONTAINER);
            boolean badConfig =
                    "PodFailurePolicy".equals(failed.get().getReason())
                            || t.map(
                                            x ->
                                                    x.getExitCode() != null
                                                            && x.getExitCode()
                                                                    == TrialJobFactory
                                                                            .EXIT_BAD_CONFIGURATION)
                                    .orElse(false);
            String message =
                    failed.get().getReason()
                            + ": "
                            + failed.get().getMessage()
                            + t.map(x -> " (exit code " + x.getExitCode() + ")").orElse("");
            return new ObservedTrial(
                    new TrialProgress(
                            trial.id(),
                            state,
                            attempts,
                            badConfig
                                    ? AttemptOutcome.FAILED_PERMANENT
                                    : AttemptOutcome.FAILED_RETRYABLE),
                    name,
                    false,
                    null,
                    SweepLimits.capMessage(message),
                    AttemptTimes.of(job, t.orElse(null)));
        }
        if (neverStarted(job)) {
            return new ObservedTrial(
                    new TrialProgress(trial.id(), state, attempts, AttemptOutcome.FAILED_RETRYABLE),
                    name,
                    false,
                    null,
                    "NotStarted: Job "
                            + name
                            + " had no pod "
                            + startDeadline.toMinutes()
                            + " minutes after its creation (see kubectl describe job "
                            + name
                            + ": a missing ServiceAccount, a quota or an admission policy may"
                            + " refuse its pods)",
                    null); // it never ran: no queue or run time to record
        }
        return new ObservedTrial(
                new TrialProgress(trial.id(), state, attempts, AttemptOutcome.ACTIVE),
                name,
                true,
                null,
                null,
                null);
    }

    /**
     * Whether an unfinished Job has had no pod at all for longer than the start deadline: the Job
     * controller cannot create its pods (missing ServiceAccount, quota, an admission policy), so it
     * would stay "Running" forever. Pending pods (waiting for capacity) count as started; so does a
     * Job Kueue keeps suspended (queued).
     */
    boolean neverStarted(Job job) {
        if (startDeadline.isZero() || startDeadline.isNegative()) {
            return false;
        }
        if (job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            return false;
        }
        var st = job.getStatus();
        if (st != null
                && (positive(st.getActive())
                        || positive(st.getSucceeded())
                        || positive(st.getFailed())
                        || positive(st.getTerminating())
                        || positive(st.getReady()))) {
            return false;
        }
        String created = job.getMetadata().getCreationTimestamp();
        if (created == null) {
            return false;
        }
        try {
            return Instant.parse(created).plus(startDeadline).isBefore(clock.instant());
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }
}
