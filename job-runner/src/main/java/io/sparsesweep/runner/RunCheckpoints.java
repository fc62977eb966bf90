package io.sparsesweep.runner;

import io.sparsesweep.runner.checkpoint.CheckpointStore;
import io.sparsesweep.runner.config.RunnerConfigException;
import io.sparsesweep.runner.model.InitialValues;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checkpoints of one run: where they go ({@code --checkpoint-dir}, or nowhere), what identifies
 * the run, how a run starts (from its newest checkpoint or from the initial values) and how a
 * checkpoint is written.
 */
final class RunCheckpoints {
    private final TrainConfig config;
    private final CheckpointStore store;
    private final String fingerprint;

    RunCheckpoints(TrainConfig config) {
        this.config = config;
        this.store =
                config.checkpointDir() == null ? null : new CheckpointStore(config.checkpointDir());
        this.fingerprint = fingerprint(config);
    }

    /** Whether this run writes checkpoints at all. */
    boolean enabled() {
        return store != null;
    }

    /**
     * Restores the newest checkpoint of this run into {@code engine} (refusing another run's), or
     * initializes the engine when there is none.
     *
     * @return the step to continue from (0 for a fresh run)
     */
    long start(
            TrainingBackend engine, ModelSpec spec, RecentLosses recent, TrainListener listener) {
        Optional<CheckpointStore.Found> found = store == null ? Optional.empty() : store.newest();
        if (found.isEmpty()) {
            engine.initialize(InitialValues.of(spec, config.seed()));
            return 0;
        }
        CheckpointStore.Meta meta = found.get().meta();
        if (!fingerprint.equals(meta.fingerprint())) {
            throw new RunnerConfigException(
                    "--checkpoint-dir "
                            + config.checkpointDir()
                            + ": holds a checkpoint of a different run ("
                            + meta.fingerprint()
                            + "); use an empty directory");
        }
        engine.restore(found.get().enginePrefix());
        for (double l : meta.recentLosses()) {
            recent.add(l);
        }
        listener.onEvent("resumed from " + found.get().dir() + " at step " + meta.step());
        return meta.step();
    }

    /** Writes the checkpoint taken after {@code step} steps and returns its directory. */
    Path write(TrainingBackend engine, long step, RecentLosses recent) {
        return store.write(
                new CheckpointStore.Meta(1, step, config.seed(), fingerprint, recent.toArray()),
                engine::save);
    }

    /** Everything that must match for a checkpoint to be resumed by this configuration. */
    static String fingerprint(TrainConfig c) {
        String run =
                String.join(
                        ",",
                        c.task(),
                        c.dataset(),
                        "w" + c.effectiveWidth(),
                        "d" + c.depth(),
                        "h" + c.heads(),
                        "r" + c.mlpRatio(),
                        "steps" + c.steps(),
                        "b" + c.batchSize(),
                        "t" + c.seqLen(),
                        "p" + c.patchSize(),
                        c.optimizer(),
                        "s" + c.targetSparsity(),
                        c.pattern(),
                        "seed" + c.seed());
        // Engines read only their own checkpoint files; the default adds nothing, so checkpoints
        // written before engines existed still resume.
        return TrainingEngine.DEFAULT.equals(c.engine()) ? run : run + ",engine " + c.engine();
    }
}
