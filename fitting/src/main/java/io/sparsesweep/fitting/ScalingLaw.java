package io.sparsesweep.fitting;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seven coefficients of {@code L = (aS (1-S)^bS + cS) N^-bN + (aD/D)^bD + c}, in the units of
 * the data they were fitted to.
 */
public record ScalingLaw(
        double aS, double bS, double cS, double bN, double aD, double bD, double c) {

    /** Coefficient names in the order of {@link #toArray()}. */
    public static final String[] NAMES = {"aS", "bS", "cS", "bN", "aD", "bD", "c"};

    public static ScalingLaw fromArray(double[] p) {
        return new ScalingLaw(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
    }

    public double[] toArray() {
        return new double[] {aS, bS, cS, bN, aD, bD, c};
    }

    /** The predicted loss at sparsity {@code s}, {@code n} non-zeros and {@code d} data. */
    public double predict(double s, double n, double d) {
        return (aS * Math.pow(1 - s, bS) + cS) * Math.pow(n, -bN) + Math.pow(aD / d, bD) + c;
    }

    public double predict(Observation o) {
        return predict(o.sparsity(), o.nonzeroParams(), o.data());
    }

    /**
     * The dense-equivalent size multiplier of sparsity {@code s}: a model with sparsity s and N
     * non-zeros reaches the loss of a dense model with {@code multiplier(s) * N} parameters on the
     * same data. Independent of N and D because the data term does not depend on S.
     */
    public double multiplier(double s) {
        return Math.pow((aS + cS) / (aS * Math.pow(1 - s, bS) + cS), 1 / bN);
    }

    /** The multiplier's limit as S tends to 1: the most sparsity can ever buy at fixed N. */
    public double limitMultiplier() {
        return Math.pow((aS + cS) / cS, 1 / bN);
    }

    /** Coefficients by name, in the paper's order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] v = toArray();
        for (int i = 0; i < NAMES.length; i++) {
            m.put(NAMES[i], v[i]);
        }
        return m;
    }
}
