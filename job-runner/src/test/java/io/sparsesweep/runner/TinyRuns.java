package io.sparsesweep.runner;

import io.sparsesweep.runner.model.TensorFlowBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Small configurations that train in a few seconds, shared by the TensorFlow tests. */
final class TinyRuns {
    private TinyRuns() {}

    /**
     * A trainer on the TensorFlow engine (one thread, XLA as the run's {@code --xla} says) whose
     * backend checks after every step that masked weights are exact zeros; the backend it builds is
     * handed to {@code checker}.
     */
    static Trainer checkedTrainer(AtomicReference<CheckingBackend> checker) {
        return new Trainer(
                () -> false,
                (spec, prunable, cfg) -> {
                    CheckingBackend b =
                            new CheckingBackend(
                                    new TensorFlowBackend(
                                            spec,
                                            prunable,
                                            cfg.optimizer().spec(),
                                            1,
                                            XlaChoice.enabled(cfg)),
                                    prunable);
                    checker.set(b);
                    return b;
                });
    }

    static TrainConfigBuilder lm() {
        return TrainConfig.builder()
                .task("lm")
                .dataset("synthetic")
                .width(32)
                .depth(1)
                .heads(2)
                .mlpRatio(2)
                .seqLen(16)
                .batchSize(8)
                .steps(60)
                .warmupSteps(5)
                .optimizer("adamw")
                .lr(3e-3)
                .sparsity(0.5)
                .pruneEvery(10)
                .threads(1)
                .valSize(16)
                .logEvery(20);
    }

    static TrainConfigBuilder vit() {
        return TrainConfig.builder()
                .task("vit")
                .dataset("synthetic")
                .width(32)
                .depth(1)
                .heads(2)
                .mlpRatio(2)
                .patchSize(4)
                .batchSize(16)
                .steps(60)
                .warmupSteps(5)
                .optimizer("adamw")
                .lr(3e-3)
                .sparsity(0.5)
                .pruneEvery(10)
                .threads(1)
                .valSize(64)
                .logEvery(20);
    }

    /** Records every step's loss. */
    static final class Losses implements TrainListener {
        final List<Double> perStep = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void onStep(long step, double loss) {
            perStep.add(loss);
        }

        @Override
        public void onEvent(String message) {
            events.add(message);
        }

        double meanOf(int from, int to) {
            return perStep.subList(from, to).stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
        }
    }
}
