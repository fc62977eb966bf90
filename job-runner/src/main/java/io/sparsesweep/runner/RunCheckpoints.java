package io.sparsesweep.runner;

import io.sparsesweep.runner.checkpoint.CheckpointStore;
import io.sparsesweep.runner.config.RunnerConfigException;
import io.sparsesweep.runner.model.InitialValues;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoints of one run: where they go ({@code --checkpoint-dir}, or nowhere), what identifies
 * the run ({@link RunFingerprint}), how a run starts (from its newest checkpoint or from the
 * initial values) and how a checkpoint is written.
 */
final class RunCheckpoints {
    private final TrainConfig config;
    private final CheckpointStore store;
    private final Map<String, String> fingerprint;

    RunCheckpoints(TrainConfig config) {
        this.config = config;
        this.store =
                config.io().checkpointDir() == null
                        ? null
                        : new CheckpointStore(config.io().checkpointDir());
        this.fingerprint = RunFingerprint.of(config);
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
            engine.initialize(InitialValues.of(spec, config.run().seed()));
            return 0;
        }
        CheckpointStore.Meta meta = found.get().meta();
        Optional<String> mismatch = RunFingerprint.mismatch(meta.flags(), fingerprint);
        if (mismatch.isPresent()) {
            // Never splice two configurations into one run: refuse, naming the flag.
            throw new RunnerConfigException(
                    "--checkpoint-dir "
                            + config.io().checkpointDir()
                            + ": holds a checkpoint of a different run: "
                            + mismatch.get()
                            + "; use an empty directory, or the flags it was written with");
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
                new CheckpointStore.Meta(
                        CheckpointStore.Meta.VERSION,
                        step,
                        config.run().seed(),
                        fingerprint,
                        recent.toArray()),
                engine::save);
    }
}
