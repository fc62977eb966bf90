package io.sparsesweep.cli.local;

import io.sparsesweep.core.plan.AttemptOutcome;
import io.sparsesweep.core.plan.Schedule;
import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.core.plan.SweepScheduler;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.core.plan.TrialProgress;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.core.result.TrialResultParser;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.protocol.TrialResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a sweep's trials on this machine, making the operator's decisions: after every attempt the
 * same {@link SweepScheduler} the operator runs decides what to launch next and each trial's state
 * (a failed attempt is retried while attempts remain, bad configuration never is, an attempt
 * without a usable result is {@code ResultUnavailable} at once, past {@code maxFailedTrials} the
 * running trials are cancelled and nothing new starts). Attempts run through the {@link
 * TrialExecutor} seam on a pool of {@code policy.parallelism()} workers.
 *
 * <p>Everything is kept in an output folder, so that running again with the same folder resumes:
 * trials with a stored result are not run again, and a trial cut off mid-way resumes from its
 * checkpoint (the trainer looks in the trial's checkpoint folder). Failed trials of an earlier run
 * get fresh attempts.
 */
public final class LocalSweep {
    private final List<Trial> trials;
    private final Path outputDir;
    private final SchedulingPolicy policy;
    private final TrialExecutor executor;
    private final SweepListener listener;
    private final AtomicBoolean stop;

    /** A trial that finished with a valid result. */
    public record Finished(Trial trial, TrialResult result) {}

    /**
     * The state of the sweep when {@link #run} returns.
     *
     * @param finished trials with a valid result, in plan order
     * @param failed trial id to the last error, for trials that count as failed
     * @param total trials in the plan
     * @param resumed trials whose result was already stored
     * @param interrupted whether the run was stopped before every trial ran
     * @param schedule the scheduler's last decision: every trial's state and the verdict, as the
     *     operator would record them
     */
    public record Outcome(
            List<Finished> finished,
            Map<String, String> failed,
            int total,
            int resumed,
            boolean interrupted,
            Schedule schedule) {

        /** Whether more than maxFailedTrials trials failed. */
        public boolean failureBudgetExceeded() {
            return schedule.verdict() == Schedule.Verdict.TOO_MANY_FAILURES;
        }

        /**
         * The results CSV the fitter reads (the operator's ConfigMap holds the same bytes), with
         * the sweep's pruning window.
         */
        public String resultsCsv(ResultsCsvWriter.Window window) {
            List<ResultsCsvWriter.Row> rows = new ArrayList<>();
            for (Finished f : finished) {
                rows.add(ResultsCsvWriter.Row.of(f.trial().id(), f.trial().point(), f.result()));
            }
            return ResultsCsvWriter.write(rows, window);
        }
    }

    /** What one attempt did, reported by its worker to the deciding thread. */
    private record Attempt(
            String trial,
            int number,
            AttemptOutcome outcome,
            TrialResult result,
            String error,
            boolean interrupted) {}

    /**
     * @param policy parallelism (the workers), attempts per trial and the failure budget
     * @param stop set by Ctrl-C/SIGTERM and read by the trainer (it stops after a checkpoint); this
     *     sweep sets it too when it fails, so that running trials stop
     */
    public LocalSweep(
            List<Trial> trials,
            Path outputDir,
            SchedulingPolicy policy,
            TrialExecutor executor,
            SweepListener listener,
            AtomicBoolean stop) {
        if (policy.parallelism() < 1) {
            throw new IllegalArgumentException(
                    "workers must be at least 1, got " + policy.parallelism());
        }
        this.trials = List.copyOf(trials);
        this.outputDir = outputDir;
        this.policy = policy;
        this.executor = executor;
        this.listener = listener;
        this.stop = stop;
    }

    public TrialWorkspace workspace(Trial trial) {
        return new TrialWorkspace(outputDir.resolve("trials").resolve(trial.id()));
    }

    public Outcome run() throws IOException {
        Map<String, TrialResult> results = new HashMap<>();
        Map<String, TrialProgress> progress = new HashMap<>();
        for (Trial t : trials) {
            Optional<TrialResult> stored = storedResult(t);
            if (stored.isPresent()) {
                results.put(t.id(), stored.get());
                progress.put(
                        t.id(),
                        new TrialProgress(
                                t.id(), TrialState.Succeeded, 1, AttemptOutcome.SUCCEEDED));
            }
        }
        int resumed = results.size();
        listener.onPlan(trials.size(), resumed);

        Map<String, Trial> byId = new HashMap<>();
        trials.forEach(t -> byId.put(t.id(), t));
        Map<String, String> errors = new HashMap<>();
        BlockingQueue<Attempt> done = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(policy.parallelism(), daemonThreads());
        boolean interrupted = false;
        boolean mainInterrupted = false;
        int inFlight = 0;
        Schedule schedule;
        try {
            while (true) {
                // After a stop nothing new starts; what runs finishes or stops at a checkpoint.
                SchedulingPolicy now =
                        stop.get()
                                ? new SchedulingPolicy(
                                        0, true, policy.maxAttempts(), policy.maxFailedTrials())
                                : policy;
                schedule = SweepScheduler.schedule(trials, progress, now);
                record(schedule, progress);
                if (!schedule.stops().isEmpty()) {
                    stop.set(true); // the sweep failed: running trials are cancelled
                }
                for (Schedule.Launch l : schedule.launches()) {
                    String id = l.trial().id();
                    progress.put(
                            id,
                            new TrialProgress(
                                    id, TrialState.Running, l.attempt(), AttemptOutcome.ACTIVE));
                    inFlight++;
                    pool.execute(() -> done.add(guarded(l)));
                }
                if (inFlight == 0) {
                    break;
                }
                Attempt a;
                try {
                    a = done.take();
                } catch (InterruptedException e) {
                    mainInterrupted = true;
                    interrupted = true;
                    stop.set(true);
                    continue;
                }
                inFlight--;
                if (a.interrupted()) {
                    interrupted |= schedule.verdict() != Schedule.Verdict.TOO_MANY_FAILURES;
                    continue;
                }
                TrialProgress before = progress.get(a.trial());
                progress.put(
                        a.trial(),
                        new TrialProgress(a.trial(), before.recorded(), a.number(), a.outcome()));
                if (a.result() != null) {
                    results.put(a.trial(), a.result());
                }
                if (a.error() != null) {
                    errors.put(a.trial(), a.error());
                }
            }
        } finally {
            pool.shutdownNow();
            if (mainInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
        List<Finished> finished = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Trial t : trials) {
            TrialState state = schedule.states().get(t.id());
            if (state == TrialState.Succeeded && results.containsKey(t.id())) {
                finished.add(new Finished(t, results.get(t.id())));
            } else if (state.countsAsFailed()) {
                failed.put(t.id(), errors.getOrDefault(t.id(), state.name()));
            }
        }
        return new Outcome(
                finished, Map.copyOf(failed), trials.size(), resumed, interrupted, schedule);
    }

    /** The scheduler's states become the recorded ones, as the operator records them in status. */
    private static void record(Schedule schedule, Map<String, TrialProgress> progress) {
        schedule.states()
                .forEach(
                        (id, state) -> {
                            TrialProgress p = progress.get(id);
                            progress.put(
                                    id,
                                    p == null
                                            ? new TrialProgress(id, state, 0, null)
                                            : new TrialProgress(
                                                    id, state, p.attempts(), p.latest()));
                        });
    }

    /** {@link #attempt}, never without an answer: the deciding thread waits for one per launch. */
    private Attempt guarded(Schedule.Launch launch) {
        try {
            return attempt(launch);
        } catch (RuntimeException | Error e) {
            return new Attempt(
                    launch.trial().id(),
                    launch.attempt(),
                    AttemptOutcome.FAILED_RETRYABLE,
                    null,
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    false);
        }
    }

    /** Runs one attempt on a worker thread and says what became of it. */
    private Attempt attempt(Schedule.Launch launch) {
        Trial t = launch.trial();
        TrialWorkspace ws = workspace(t);
        listener.onTrialStart(t);
        AttemptOutcome outcome;
        String error;
        try {
            String json =
                    executor.run(
                            t,
                            launch.attempt(),
                            ws,
                            (step, total, loss) -> listener.onTrialStep(t, step, total, loss));
            TrialResultParser.Parsed parsed = TrialResultParser.parse(json, t);
            if (parsed.result().isPresent()) {
                TrialResult r = parsed.result().get();
                ws.storeResult(json);
                listener.onTrialDone(t, r.valLoss(), r.wallSeconds());
                return new Attempt(
                        t.id(), launch.attempt(), AttemptOutcome.SUCCEEDED, r, null, false);
            }
            outcome = AttemptOutcome.RESULT_UNAVAILABLE;
            error = "ResultUnavailable: " + parsed.error();
        } catch (InterruptedException e) {
            return new Attempt(t.id(), launch.attempt(), null, null, null, true);
        } catch (TrialExecutor.BadConfiguration e) {
            outcome = AttemptOutcome.FAILED_PERMANENT;
            error = "BadConfiguration: " + e.getMessage();
        } catch (Exception | Error e) {
            outcome = AttemptOutcome.FAILED_RETRYABLE;
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        try {
            ws.storeError("attempt " + launch.attempt() + ": " + error);
        } catch (IOException e) {
            error += " (and the error could not be stored: " + e.getMessage() + ")";
        }
        listener.onTrialFailed(t, error);
        return new Attempt(t.id(), launch.attempt(), outcome, null, error, false);
    }

    private Optional<TrialResult> storedResult(Trial t) throws IOException {
        Optional<String> line = workspace(t).storedResult();
        return line.isEmpty() ? Optional.empty() : TrialResultParser.parse(line.get(), t).result();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return r -> {
            Thread th = new Thread(r, "trial-worker");
            th.setDaemon(true);
            return th;
        };
    }
}
