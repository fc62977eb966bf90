package io.sparsesweep.cli;

import io.sparsesweep.cli.local.TrialExecutor;
import io.sparsesweep.cli.local.TrialWorkspace;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainListener;
import io.sparsesweep.runner.Trainer;
import io.sparsesweep.runner.TrainingInterruptedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

/**
 * Runs a trial in this JVM with the trainer, from exactly the flags a cluster trial passes to
 * {@code sparsesweep train} (read by the protocol's {@link TrainerArgs}, as the CLI reads them).
 * The trainer's news (resume, mask updates, checkpoints) goes to the trial's {@code events.log}.
 */
final class TrainerTrialExecutor implements TrialExecutor {
    private final BooleanSupplier stopRequested;
    private final int threadsPerTrial;

    TrainerTrialExecutor(BooleanSupplier stopRequested, int threadsPerTrial) {
        this.stopRequested = stopRequested;
        this.threadsPerTrial = threadsPerTrial;
    }

    /** The trainer configuration of a trial in a workspace; results are returned, not written. */
    TrainConfig config(Trial trial, TrialWorkspace ws) {
        TrainerArgs args =
                trial.args()
                        .with(TrainerFlag.CHECKPOINT_DIR, ws.checkpointDir())
                        .without(TrainerFlag.RESULT);
        if (!args.has(TrainerFlag.THREADS)) {
            args = args.with(TrainerFlag.THREADS, threadsPerTrial);
        }
        return TrainConfig.from(args);
    }

    @Override
    public String run(Trial trial, int attempt, TrialWorkspace ws, Progress progress)
            throws Exception {
        TrainConfig config;
        try {
            config = config(trial, ws);
        } catch (RuntimeException e) {
            // Flags that do not parse or validate: `sparsesweep train` exits 2 on them, and a
            // cluster never retries that either.
            throw new BadConfiguration("trial " + trial.id() + ": " + e.getMessage(), e);
        }
        try (PrintWriter events = ws.appendEvents()) {
            TrainListener listener =
                    new TrainListener() {
                        @Override
                        public void onProgress(
                                long step,
                                double loss,
                                double sparsity,
                                double examplesPerSecond,
                                double tokensPerSecond) {
                            progress.onStep(step, config.run().steps(), loss);
                        }

                        @Override
                        public void onEvent(String message) {
                            events.println(message);
                        }
                    };
            return new Trainer(stopRequested).train(config, listener).toJson();
        } catch (TrainingInterruptedException e) {
            throw new InterruptedException("stopped after a checkpoint: " + e.getMessage());
        } catch (RuntimeException e) {
            if (BadInput.isBadInput(e)) {
                throw new BadConfiguration("trial " + trial.id() + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (IOException e) {
            throw new IOException("trial " + trial.id() + ": " + e.getMessage(), e);
        }
    }
}
