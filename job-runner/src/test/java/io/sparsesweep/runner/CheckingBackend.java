package io.sparsesweep.runner;

import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Wraps a real backend and, after every optimizer step, reads every masked tensor and its mask and
 * counts weights that are non-zero where the mask is 0 (must stay 0).
 */
final class CheckingBackend implements TrainingBackend {
    private final TrainingBackend inner;
    private final Set<String> masked;
    long steps;
    long violations;
    long maskedZerosSeen;

    CheckingBackend(TrainingBackend inner, Set<String> masked) {
        this.inner = inner;
        this.masked = masked;
    }

    @Override
    public void initialize(Map<String, float[]> values) {
        inner.initialize(values);
    }

    @Override
    public double step(Batch batch, long stepNumber, double learningRate) {
        double loss = inner.step(batch, stepNumber, learningRate);
        steps++;
        for (String name : masked) {
            float[] w = inner.read(name);
            float[] m = inner.readMask(name);
            for (int i = 0; i < w.length; i++) {
                if (m[i] == 0f) {
                    maskedZerosSeen++;
                    if (w[i] != 0f) {
                        violations++;
                    }
                }
            }
        }
        return loss;
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
