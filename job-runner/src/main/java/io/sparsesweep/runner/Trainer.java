package io.sparsesweep.runner;

import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs one training run: plan ({@link TrainingPlan}: data, model, pruner), loop ({@link
 * TrainingLoop}, resuming through {@link RunCheckpoints}), result ({@link RunResult}). The run is
 * engine-agnostic; it talks to TensorFlow (or another engine) only through {@link TrainingBackend}.
 */
public final class Trainer {
    /** Creates the engine for a model; tests may substitute their own. */
    public interface BackendFactory {
        TrainingBackend create(ModelSpec spec, Set<String> prunable, TrainConfig config);
    }

    private final BooleanSupplier stopRequested;
    private final BackendFactory backends;

    /** A trainer that never stops early, on the configuration's {@code --engine}. */
    public Trainer() {
        this(() -> false);
    }

    /**
     * @param stopRequested polled after every step; when true the trainer writes a checkpoint and
     *     throws {@link TrainingInterruptedException} (the CLI wires this to SIGTERM)
     */
    public Trainer(BooleanSupplier stopRequested) {
        this(
                stopRequested,
                (spec, prunable, c) ->
                        TrainingEngine.named(c.run().engine()).create(spec, prunable, c));
    }

    public Trainer(BooleanSupplier stopRequested, BackendFactory backends) {
        this.stopRequested = stopRequested;
        this.backends = backends;
    }

    /** Trains as configured and returns the result; writes --result/--export-masks if set. */
    public TrialResult train(TrainConfig config, TrainListener listener) {
        long wallStart = System.nanoTime();
        TrainingPlan plan = TrainingPlan.of(config);
        listener.onEvent(plan.data().describe());
        listener.onEvent(plan.describeModel());
        RunCheckpoints checkpoints = new RunCheckpoints(config);
        RecentLosses recent = new RecentLosses();
        try (TrainingBackend engine = backends.create(plan.model(), plan.prunable(), config)) {
            String about = engine.describe();
            if (!about.isEmpty()) {
                listener.onEvent(about);
            }
            long start = checkpoints.start(engine, plan.model(), recent, listener);
            new TrainingLoop(config, plan, engine, checkpoints, stopRequested, listener)
                    .run(start, recent);
            return RunResult.finish(config, plan, engine, start, recent, wallStart, listener);
        }
    }

    /** The names of the tensors that carry masks for this configuration (for docs and tests). */
    public static List<String> prunableNames(TrainConfig c) {
        return List.copyOf(TrainingPlan.of(c).prunable());
    }
}
