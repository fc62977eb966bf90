package io.sparsesweep.core.result;

/**
 * The runner's result for one trial, as written to the termination message.
 *
 * @param version protocol version ({@code v})
 * @param valLoss final validation loss
 * @param trainLoss final training loss
 * @param steps optimiser steps done
 * @param examples training examples seen (the D of the law)
 * @param totalParams all parameters
 * @param prunableParams parameters subject to pruning
 * @param nonzeroParams nonzero parameters at the end (the N of the law)
 * @param sparsity achieved sparsity of the prunable parameters
 * @param pattern sparsity pattern
 * @param wallSeconds training wall time
 */
public record TrialResult(
        int version,
        double valLoss,
        double trainLoss,
        long steps,
        long examples,
        long totalParams,
        long prunableParams,
        long nonzeroParams,
        double sparsity,
        String pattern,
        double wallSeconds) {}
