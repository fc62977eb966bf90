package io.sparsesweep.fitting;

/**
 * One finished training run: its sparsity, non-zero parameter count, training data and loss.
 *
 * @param sparsity fraction of zeroed weights, in [0, 1)
 * @param nonzeroParams N of the law, &gt; 0
 * @param data D of the law (examples, tokens or steps), &gt; 0
 * @param loss the measured validation loss, &gt; 0
 */
public record Observation(double sparsity, double nonzeroParams, double data, double loss) {}
