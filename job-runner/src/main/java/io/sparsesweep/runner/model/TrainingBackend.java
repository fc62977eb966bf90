package io.sparsesweep.runner.model;

import io.sparsesweep.runner.data.Batch;
import java.nio.file.Path;

/**
 * The narrow seam between the training loop and TensorFlow: everything the loop needs from the
 * engine and nothing more. Tensors are exchanged as row-major {@code float[]} in the shapes of
 * {@link ModelSpec#params()}.
 */
public interface TrainingBackend extends AutoCloseable {
    /** Sets every parameter to the given values and all optimizer state and masks to start. */
    void initialize(java.util.Map<String, float[]> values);

    /**
     * One optimizer step on {@code batch}, followed by W ← W⊙M for every masked tensor; returns the
     * batch's mean training loss (computed before the update).
     *
     * @param stepNumber optimizer updates already applied (0 for the first step)
     */
    double step(Batch batch, long stepNumber, double learningRate);

    /** Mean loss of {@code batch} (per token for lm, per image for vit) without updating. */
    double loss(Batch batch);

    /** Current values of a parameter. */
    float[] read(String param);

    /** Current mask of a prunable parameter. */
    float[] readMask(String param);

    /** Replaces the mask of a prunable parameter and applies it at once (W ← W⊙M). */
    void setMask(String param, float[] mask);

    /** Writes every variable (weights, masks, optimizer state) under {@code prefix}. */
    void save(Path prefix);

    /** Restores what {@link #save} wrote, into a freshly built identical graph. */
    void restore(Path prefix);

    /** One line for the run's log: engine, library version, device, threads; empty for none. */
    default String describe() {
        return "";
    }

    @Override
    void close();
}
