package io.sparsesweep.runner;

import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.TensorFlowBackend;
import io.sparsesweep.runner.model.TrainingBackend;
import java.util.Set;

/** The built-in engine: TensorFlow-Java in graph mode ({@link TensorFlowBackend}). */
public final class TensorFlowEngine implements TrainingEngine {
    @Override
    public String name() {
        return DEFAULT;
    }

    @Override
    public TrainingBackend create(ModelSpec spec, Set<String> prunable, TrainConfig c) {
        return new TensorFlowBackend(
                spec, prunable, c.optimizer().spec(), c.io().threads(), XlaChoice.enabled(c));
    }
}
