package io.sparsesweep.runner;

/** Receives progress while a run trains; every method has a no-op default. */
public interface TrainListener {
    /** A listener that ignores everything. */
    TrainListener NO_OP = new TrainListener() {};

    /**
     * Called every {@code logEvery} steps and after the last one.
     *
     * @param step optimizer steps done
     * @param loss mean training loss over the steps since the last call
     * @param sparsity fraction of zeros over the prunable tensors now
     * @param examplesPerSecond training throughput since the last call
     * @param tokensPerSecond for the language model; 0 for images
     */
    default void onProgress(
            long step,
            double loss,
            double sparsity,
            double examplesPerSecond,
            double tokensPerSecond) {}

    /**
     * Called after each optimizer step with that step's training loss (tests compare sequences).
     */
    default void onStep(long step, double loss) {}

    /** Called with one human-readable line of news (resume, masks updated, checkpoint written). */
    default void onEvent(String message) {}
}
