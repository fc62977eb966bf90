package io.sparsesweep.runner;

import io.sparsesweep.runner.config.RunnerConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A training engine the trainer can run on, found by name through {@link ServiceLoader}: {@code
 * tensorflow} (this module, {@link TensorFlowEngine}) and, when the {@code engine-djl} module is on
 * the classpath, {@code djl}. An engine is a {@link Trainer.BackendFactory} with a name; the loop,
 * schedule, data, masks and checkpoint layout stay the trainer's.
 */
public interface TrainingEngine extends Trainer.BackendFactory {
    /** The default engine. */
    String DEFAULT = "tensorflow";

    /** The name selected by {@code --engine}. */
    String name();

    /** Names of the engines on the classpath, default first. */
    static List<String> available() {
        List<String> names = new ArrayList<>();
        for (TrainingEngine e : ServiceLoader.load(TrainingEngine.class)) {
            names.add(e.name());
        }
        names.sort((a, b) -> DEFAULT.equals(a) ? -1 : DEFAULT.equals(b) ? 1 : a.compareTo(b));
        return names;
    }

    /**
     * The engine called {@code name}.
     *
     * @throws RunnerConfigException naming {@code --engine} when no such engine is on the classpath
     */
    static TrainingEngine named(String name) {
        for (TrainingEngine e : ServiceLoader.load(TrainingEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new RunnerConfigException(
                "--engine "
                        + name
                        + ": is not in this build (engines here: "
                        + String.join(", ", available())
                        + "; djl needs the engine-djl module on the classpath)");
    }
}
