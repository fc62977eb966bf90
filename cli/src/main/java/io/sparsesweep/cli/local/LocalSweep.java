package io.sparsesweep.cli.local;

import io.sparsesweep.crd.plan.Trial;
import io.sparsesweep.crd.result.ResultsCsvWriter;
import io.sparsesweep.crd.result.TrialResult;
import io.sparsesweep.crd.result.TrialResultParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a sweep's trials on this machine with a fixed pool of workers and keeps everything in an
 * output folder, so that running again with the same folder resumes: trials with a stored result
 * are not run again, and a trial cut off mid-way resumes from its checkpoint (the trainer looks in
 * the trial's checkpoint folder). Failure accounting follows the sweep's failure policy: each trial
 * gets {@code 1 + retriesPerTrial} attempts; past {@code maxFailedTrials} failed trials no new
 * trial starts.
 */
public final class LocalSweep {
    private final List<Trial> trials;
    private final Path outputDir;
    private final int workers;
    private final int maxFailedTrials;
    private final int retriesPerTrial;
    private final TrialExecutor executor;
    private final SweepListener listener;

    /** A trial that finished with a valid result. */
    public record Finished(Trial trial, TrialResult result) {}

    /**
     * The state of the sweep when {@link #run} returns.
     *
     * @param finished trials with a valid result, in plan order
     * @param failed trial id to the last error, for trials that used up their attempts
     * @param total trials in the plan
     * @param resumed trials whose result was already stored
     * @param interrupted whether the run was stopped before every trial ran
     * @param failureBudgetExceeded whether more than maxFailedTrials trials failed
     */
    public record Outcome(
            List<Finished> finished,
            Map<String, String> failed,
            int total,
            int resumed,
            boolean interrupted,
            boolean failureBudgetExceeded) {

        /** The results CSV the fitter reads (the operator's ConfigMap holds the same bytes). */
        public String resultsCsv() {
            List<ResultsCsvWriter.Row> rows = new ArrayList<>();
            for (Finished f : finished) {
                rows.add(
                        ResultsCsvWriter.Row.of(
                                f.trial().id(),
                                f.trial().point().sparsity(),
                                f.trial().point().pattern(),
                                f.result()));
            }
            return ResultsCsvWriter.write(rows);
        }
    }

    public LocalSweep(
            List<Trial> trials,
            Path outputDir,
            int workers,
            int maxFailedTrials,
            int retriesPerTrial,
            TrialExecutor executor,
            SweepListener listener) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.trials = List.copyOf(trials);
        this.outputDir = outputDir;
        this.workers = workers;
        this.maxFailedTrials = maxFailedTrials;
        this.retriesPerTrial = retriesPerTrial;
        this.executor = executor;
        this.listener = listener;
    }

    public TrialWorkspace workspace(Trial trial) {
        return new TrialWorkspace(outputDir.resolve("trials").resolve(trial.id()));
    }

    public Outcome run() throws IOException, InterruptedException {
        Map<String, TrialResult> results = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, String> failed = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Trial> pending = new ArrayList<>();
        for (Trial t : trials) {
            Optional<TrialResult> stored = storedResult(t);
            if (stored.isPresent()) {
                results.put(t.id(), stored.get());
            } else {
                pending.add(t);
            }
        }
        int resumed = results.size();
        listener.onPlan(trials.size(), resumed);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean overBudget = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemonThreads());
        List<Future<?>> futures = new ArrayList<>();
        for (Trial t : pending) {
            futures.add(
                    pool.submit(
                            () -> {
                                if (stop.get()) {
                                    return;
                                }
                                runTrial(t, results, failed, stop, interrupted);
                                if (failed.size() > maxFailedTrials) {
                                    overBudget.set(true);
                                    stop.set(true);
                                }
                            }));
        }
        pool.shutdown();
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a worker failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            stop.set(true);
            interrupted.set(true);
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            Thread.currentThread().interrupt();
        }
        List<Finished> finished = new ArrayList<>();
        for (Trial t : trials) {
            TrialResult r = results.get(t.id());
            if (r != null) {
                finished.add(new Finished(t, r));
            }
        }
        return new Outcome(
                finished,
                Map.copyOf(failed),
                trials.size(),
                resumed,
                interrupted.get(),
                overBudget.get());
    }

    private void runTrial(
            Trial t,
            Map<String, TrialResult> results,
            Map<String, String> failed,
            AtomicBoolean stop,
            AtomicBoolean interrupted) {
        TrialWorkspace ws = workspace(t);
        String lastError = null;
        for (int attempt = 0; attempt <= retriesPerTrial && !stop.get(); attempt++) {
            listener.onTrialStart(t);
            try {
                String json =
                        executor.run(
                                t,
                                ws,
                                (step, total, loss) -> listener.onTrialStep(t, step, total, loss));
                TrialResultParser.Parsed parsed = TrialResultParser.parse(json);
                if (parsed.result().isPresent()) {
                    ws.storeResult(json);
                    results.put(t.id(), parsed.result().get());
                    listener.onTrialDone(
                            t,
                            parsed.result().get().valLoss(),
                            parsed.result().get().wallSeconds());
                    return;
                }
                lastError = "ResultUnavailable: " + parsed.error();
            } catch (InterruptedException e) {
                interrupted.set(true);
                stop.set(true);
                return;
            } catch (Exception e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            try {
                ws.storeError("attempt " + (attempt + 1) + ": " + lastError);
            } catch (IOException e) {
                lastError += " (and the error could not be stored: " + e.getMessage() + ")";
            }
            listener.onTrialFailed(t, lastError);
        }
        if (lastError != null) {
            failed.put(t.id(), lastError);
        }
    }

    private Optional<TrialResult> storedResult(Trial t) throws IOException {
        Optional<String> line = workspace(t).storedResult();
        return line.isEmpty() ? Optional.empty() : TrialResultParser.parse(line.get()).result();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return r -> {
            Thread th = new Thread(r, "trial-worker");
            th.setDaemon(true);
            return th;
        };
    }
}
