package io.sparsesweep.runner.data;

import java.util.List;

/**
 * Training and held-out data. Training batches are a pure function of (seed, step), so a resumed
 * run sees exactly the batches an uninterrupted run would: the "data position" is the step.
 */
public interface DataSource {
    /** The batch for optimizer step {@code step}. */
    Batch trainBatch(long step);

    /** The fixed validation set, in batches; identical on every call. */
    List<Batch> validation();

    /** Examples (sequences or images) available for training. */
    long trainExamples();

    /** Examples in the validation set. */
    int validationExamples();

    /** One line saying what was loaded, for the log. */
    String describe();

    /** Seeds a per-step generator so that batches depend only on (seed, step). */
    static java.util.SplittableRandom stepRandom(long seed, long step) {
        return new java.util.SplittableRandom(
                seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L);
    }
}
