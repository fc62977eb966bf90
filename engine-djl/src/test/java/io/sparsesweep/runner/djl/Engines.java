package io.sparsesweep.runner.djl;

import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.runner.TrainConfig;
import io.sparsesweep.runner.TrainConfigBuilder;
import io.sparsesweep.runner.TrainListener;
import io.sparsesweep.runner.Trainer;
import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.ModelSpec;
import io.sparsesweep.runner.model.TensorFlowBackend;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** The two engines behind the trainer's factory seam, and tiny configurations for the tests. */
final class Engines {
    private Engines() {}

    static TrainingBackend tensorflow(ModelSpec spec, Set<String> prunable, TrainConfig c) {
        return new TensorFlowBackend(spec, prunable, c.optimizer().spec(), c.io().threads());
    }

    static TrainingBackend djl(ModelSpec spec, Set<String> prunable, TrainConfig c) {
        return new DjlBackend(spec, prunable, c.optimizer().spec(), c.io().threads());
    }

    /** A full trainer run whose backend is recorded; {@code init} may alter initial values. */
    static Recorded record(
            Trainer.BackendFactory engine,
            TrainConfig c,
            UnaryOperator<Map<String, float[]>> init) {
        RecordingBackend[] holder = new RecordingBackend[1];
        TrialResult result =
                new Trainer(
                                () -> false,
                                (spec, prunable, k) ->
                                        holder[0] =
                                                new RecordingBackend(
                                                        new Initialising(
                                                                engine.create(spec, prunable, k),
                                                                init)))
                        .train(c, TrainListener.NO_OP);
        return new Recorded(holder[0], result);
    }

    record Recorded(RecordingBackend run, TrialResult result) {}

    /**
     * Every non-zero initial value moved by one unit in the last place, up or down at random
     * (seeded): the size of a float32 rounding difference, applied once.
     */
    static Map<String, float[]> lastBitNoise(Map<String, float[]> values) {
        Map<String, float[]> out = new LinkedHashMap<>();
        SplittableRandom r = new SplittableRandom(42);
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            float[] v = e.getValue().clone();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 0f) {
                    v[i] = r.nextBoolean() ? Math.nextUp(v[i]) : Math.nextDown(v[i]);
                }
            }
            out.put(e.getKey(), v);
        }
        return out;
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

    /** Hands the trainer's initial values through {@code init} first. */
    private static final class Initialising implements TrainingBackend {
        private final TrainingBackend inner;
        private final UnaryOperator<Map<String, float[]>> init;

        Initialising(TrainingBackend inner, UnaryOperator<Map<String, float[]>> init) {
            this.inner = inner;
            this.init = init;
        }

        @Override
        public void initialize(Map<String, float[]> values) {
            inner.initialize(init.apply(values));
        }

        @Override
        public double step(Batch batch, long stepNumber, double learningRate) {
            return inner.step(batch, stepNumber, learningRate);
        }

        @Override
        public double loss(Batch batch) {
            return inner.loss(batch);
        }

        @Override
        public float[] read(String param) {
            return inner.read(param);
        }

        @Override
        public float[] readMask(String param) {
            return inner.readMask(param);
        }

        @Override
        public void setMask(String param, float[] mask) {
            inner.setMask(param, mask);
        }

        @Override
        public void save(Path prefix) {
            inner.save(prefix);
        }

        @Override
        public void restore(Path prefix) {
            inner.restore(prefix);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
