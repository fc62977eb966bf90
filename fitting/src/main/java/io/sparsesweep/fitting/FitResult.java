package io.sparsesweep.fitting;

/**
 * The outcome of a multi-start fit.
 *
 * @param law the best coefficients found, in the data's units
 * @param objective the Huber objective at {@code law}
 * @param points how many points were fitted
 * @param starts how many starts were solved
 * @param startsNearBest how many starts ended within 1% of the best objective: a conditioning
 *     signal (few means a rugged problem whose optimum may depend on the starts)
 * @param startsConverged how many starts met the solver's convergence test
 */
public record FitResult(
        ScalingLaw law,
        double objective,
        int points,
        int starts,
        int startsNearBest,
        int startsConverged) {}
