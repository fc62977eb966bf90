package io.sparsesweep.runner.djl;

import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainingEngine;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.TrainingBackend;
import java.util.Set;

/** {@code --engine djl}: PyTorch through DJL ({@link DjlBackend}). */
public final class DjlEngine implements TrainingEngine {
    public static final String NAME = "djl";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainingBackend create(ModelSpec spec, Set<String> prunable, TrainConfig c) {
        return new DjlBackend(spec, prunable, c.optimizer().spec(), c.io().threads());
    }
}
