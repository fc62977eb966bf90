package io.sparsesweep.runner;

import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.TrainingBackend;
import io.sparsesweep.runner.optim.LrSchedule;
import io.sparsesweep.runner.prune.GradualPruner;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The steps of one run, from a start step to the last: mask updates when the pruner says so, one
 * optimizer update, progress, and checkpoints (periodic, on a stop request and at the end).
 *
 * <p>Step semantics follow jaxpruner: {@code t} counts optimizer updates already applied; before
 * the update of step {@code t}, if the schedule says so, every mask is recomputed from the current
 * weights at {@code s_t}; after every update masked weights are re-zeroed inside the same step.
 */
record TrainingLoop(
        TrainConfig config,
        TrainingPlan plan,
        TrainingBackend engine,
        RunCheckpoints checkpoints,
        BooleanSupplier stopRequested,
        TrainListener listener) {

    /**
     * Runs steps {@code [start, steps)}; throws {@link TrainingInterruptedException} (after a
     * checkpoint, if checkpoints are on) when a stop is requested before the last step.
     */
    void run(long start, RecentLosses recent) {
        GradualPruner pruner = plan.pruner();
        LrSchedule lr =
                new LrSchedule(
                        config.peakLr(),
                        config.effectiveWarmupSteps(),
                        config.run().steps(),
                        config.optimizer().lrSchedule());
        double maskSparsity = pruner.maskSparsity(engine);
        Progress progress = new Progress();
        for (long t = start; t < config.run().steps(); t++) {
            if (pruner.updatesAt(t)) {
                long maskStart = System.nanoTime();
                maskSparsity = pruner.update(engine, t);
                listener.onEvent(
                        String.format(
                                Locale.ROOT,
                                "masks updated at step %d: target %.4f, now %.4f, took %.1f ms",
                                t,
                                pruner.schedule().sparsityAt(t),
                                maskSparsity,
                                (System.nanoTime() - maskStart) / 1e6));
            }
            Batch batch = plan.data().trainBatch(t);
            double loss = engine.step(batch, t, lr.at(t));
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException(
                        "training diverged: loss " + loss + " at step " + t + " (lower --lr)");
            }
            listener.onStep(t, loss);
            recent.add(loss);
            long done = t + 1;
            progress.add(loss);
            if (done % config.io().logEvery() == 0 || done == config.run().steps()) {
                progress.report(done, maskSparsity);
            }
            stopOrCheckpoint(done, recent);
        }
        if (checkpoints.enabled() && start < config.run().steps()) {
            listener.onEvent(
                    "checkpoint " + checkpoints.write(engine, config.run().steps(), recent));
        }
    }

    private void stopOrCheckpoint(long done, RecentLosses recent) {
        boolean stop = stopRequested.getAsBoolean();
        if (done >= config.run().steps()) {
            return;
        }
        boolean periodic =
                config.io().checkpointEvery() > 0 && done % config.io().checkpointEvery() == 0;
        if (checkpoints.enabled() && (stop || periodic)) {
            Path dir = checkpoints.write(engine, done, recent);
            listener.onEvent("checkpoint " + dir);
            if (stop) {
                throw new TrainingInterruptedException(done, dir);
            }
        } else if (stop) {
            throw new TrainingInterruptedException(done, null);
        }
    }

    /** Mean loss and throughput since the last progress report. */
    private final class Progress {
        private long windowStart = System.nanoTime();
        private double windowLoss;
        private long windowSteps;

        void add(double loss) {
            windowLoss += loss;
            windowSteps++;
        }

        void report(long done, double maskSparsity) {
            double secs = (System.nanoTime() - windowStart) / 1e9;
            double eps = windowSteps * (double) config.data().batchSize() / secs;
            listener.onProgress(
                    done,
                    windowLoss / windowSteps,
                    maskSparsity,
                    eps,
                    "lm".equals(plan.model().task()) ? eps * plan.model().tokens() : 0);
            windowStart = System.nanoTime();
            windowLoss = 0;
            windowSteps = 0;
        }
    }
}
