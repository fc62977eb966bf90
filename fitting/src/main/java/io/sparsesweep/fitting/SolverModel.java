package io.sparsesweep.fitting;

import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;

/**
 * What the Levenberg-Marquardt solve sees: a residual function of the solver's free coordinates,
 * which may be fewer than the law's seven (a profile check holds one fixed). {@link #reduce} and
 * {@link #expand} convert between the free coordinates and the full solver vector of {@link
 * Normalization}.
 */
interface SolverModel extends MultivariateJacobianFunction {
    /** Makes a fresh model per solve: models remember their best point and are not shared. */
    interface Factory {
        SolverModel create();
    }

    /** Number of residuals. */
    int size();

    /** The free coordinates of a full solver vector. */
    double[] reduce(double[] full);

    /** The full solver vector of free coordinates. */
    double[] expand(double[] free);

    /** The lowest-cost full solver vector evaluated so far, or null. */
    double[] bestPoint();

    /** Its sum of squared residuals, or +infinity. */
    double bestCost();
}
