package io.sparsesweep.fitting;

/**
 * The scales N0 and D0 (geometric means of the data) by which N and D are divided inside the
 * solver, and the change of coordinates between the solver's parameters and the law's.
 *
 * <p>Solver coordinates, with {@code x = N/N0} and {@code z = D/D0}: {@code f = (A (1-S)^bS + C)
 * x^-bN + E z^-bD + c}, parameter vector {@code [ln A, bS, ln C, bN, ln E, bD, ln c]}. Then {@code
 * aS = A N0^bN}, {@code cS = C N0^bN}, {@code aD = D0 E^(1/bD)}. Fitting logarithms keeps the four
 * amplitudes positive (the law's derivation needs them positive, and log residuals need a positive
 * prediction) and puts them on the same scale as the exponents.
 */
record Normalization(double n0, double d0) {

    static Normalization of(SweepData data) {
        double ln = 0;
        double ld = 0;
        for (Observation o : data.points()) {
            ln += Math.log(o.nonzeroParams());
            ld += Math.log(o.data());
        }
        return new Normalization(Math.exp(ln / data.size()), Math.exp(ld / data.size()));
    }

    ScalingLaw toLaw(double[] p) {
        double bS = p[1];
        double bN = p[3];
        double bD = p[5];
        double nScale = Math.pow(n0, bN);
        return new ScalingLaw(
                Math.exp(p[0]) * nScale,
                bS,
                Math.exp(p[2]) * nScale,
                bN,
                d0 * Math.exp(p[4] / bD),
                bD,
                Math.exp(p[6]));
    }

    double[] toSolver(ScalingLaw law) {
        double logN0 = Math.log(n0);
        return new double[] {
            log(law.aS()) - law.bN() * logN0,
            law.bS(),
            log(law.cS()) - law.bN() * logN0,
            law.bN(),
            law.bD() * log(law.aD() / d0),
            law.bD(),
            log(law.c())
        };
    }

    /**
     * The logarithm of an amplitude, floored: a fit that drove an amplitude towards zero reports it
     * as exactly 0 once exp underflows, and log(0) = -inf would make a warm start from that law a
     * vector the solver cannot move from (every bootstrap refit would return the start).
     */
    private static double log(double amplitude) {
        return amplitude > 0 ? Math.log(amplitude) : LOG_FLOOR;
    }

    /** ln of the smallest positive double: exp of it is still representable. */
    private static final double LOG_FLOOR = Math.log(Double.MIN_VALUE);
}
