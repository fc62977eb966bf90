package io.sparsesweep.fitting;

/**
 * What one unit of training data costs a model with N non-zeros at sparsity S, in the unit budgets
 * are given in. A budget C then buys {@code D(S) = C / perDatum(S, N)}.
 */
public interface TrainingCost {
    /** A short description for reports, e.g. {@code gradual 0.25-0.75}. */
    String name();

    /** The budget's unit, e.g. {@code non-zeros x data} or {@code FLOPs}. */
    String unit();

    /** The cost of one datum at sparsity {@code s} with {@code n} non-zeros. */
    double perDatum(double s, double n);

    /** d perDatum(0, n) / dn: how the dense model's cost per datum grows with its size. */
    double denseSlope(double n);

    /**
     * The budget at which a dense model of {@code n} parameters is compute-optimal under {@code
     * law} (the dense "Chinchilla" line): where {@code d/dN L(0, N, C / g(N)) = 0} with {@code g(N)
     * = perDatum(0, N)}, that is {@code C = aD [bD g^(bD-1) g' / (bN (aS + cS) N^(-bN-1))]^(1/bD)}.
     */
    default double computeOptimalBudget(ScalingLaw law, double n) {
        double g = perDatum(0, n);
        double slope = denseSlope(n);
        double a = law.aS() + law.cS();
        return law.aD()
                * Math.pow(
                        law.bD()
                                * Math.pow(g, law.bD() - 1)
                                * slope
                                / (law.bN() * a * Math.pow(n, -law.bN() - 1)),
                        1 / law.bD());
    }
}
