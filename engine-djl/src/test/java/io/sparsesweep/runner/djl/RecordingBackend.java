package io.sparsesweep.runner.djl;

import io.sparsesweep.runner.data.Batch;
import io.sparsesweep.runner.model.TrainingBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wraps a real backend driven by the real trainer loop and records what the cross-engine tests
 * compare: every step's loss, and at every mask update the weights the trainer read and the mask it
 * set, per tensor.
 */
final class RecordingBackend implements TrainingBackend {
    /** One mask update of one tensor: the weights it was computed from and the mask. */
    record MaskUpdate(long step, String name, float[] weights, float[] mask) {}

    private final TrainingBackend inner;
    final List<Double> losses = new ArrayList<>();
    final List<MaskUpdate> maskUpdates = new ArrayList<>();
    private final Map<String, float[]> lastRead = new HashMap<>();
    private long step;

    RecordingBackend(TrainingBackend inner) {
        this.inner = inner;
    }

    @Override
    public void initialize(Map<String, float[]> values) {
        inner.initialize(values);
    }

    @Override
    public double step(Batch batch, long stepNumber, double learningRate) {
        step = stepNumber + 1;
        double loss = inner.step(batch, stepNumber, learningRate);
        losses.add(loss);
        return loss;
    }

    @Override
    public double loss(Batch batch) {
        return inner.loss(batch);
    }

    @Override
    public float[] read(String param) {
        float[] w = inner.read(param);
        lastRead.put(param, w);
        return w;
    }

    @Override
    public float[] readMask(String param) {
        return inner.readMask(param);
    }

    @Override
    public void setMask(String param, float[] mask) {
        maskUpdates.add(new MaskUpdate(step, param, lastRead.get(param), mask.clone()));
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
