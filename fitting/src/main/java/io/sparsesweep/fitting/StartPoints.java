package io.sparsesweep.fitting;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Deterministic start points for the multi-start solve.
 *
 * <p>For fixed exponents the law is linear in its four amplitudes, so each start draws only the
 * three exponents (uniformly, from a seeded generator) and solves for the amplitudes by
 * non-negative least squares on the data (weighted by 1/y^2 for log residuals, the first-order
 * equivalent). Starts therefore begin near the data whatever the units and scatter only where the
 * problem is genuinely non-linear — the exponents.
 */
final class StartPoints {
    // Ranges wide enough to hold every published fit (paper.md: bS 0.72-1.35, bN 0.23-0.39, bD
    // 0.2-0.89) with room on both sides.
    private static final double[] B_S = {0.1, 2.5};
    private static final double[] B_N = {0.05, 1.2};
    private static final double[] B_D = {0.05, 1.5};

    private final double[] log1mS;
    private final double[] logX;
    private final double[] logZ;
    private final double[] y;
    private final double[] w;

    StartPoints(SweepData data, Normalization norm, ResidualSpace space) {
        int n = data.size();
        log1mS = new double[n];
        logX = new double[n];
        logZ = new double[n];
        y = new double[n];
        w = new double[n];
        for (int i = 0; i < n; i++) {
            Observation o = data.get(i);
            log1mS[i] = Math.log1p(-o.sparsity());
            logX[i] = Math.log(o.nonzeroParams() / norm.n0());
            logZ[i] = Math.log(o.data() / norm.d0());
            y[i] = o.loss();
            w[i] = space == ResidualSpace.LOG ? 1 / (o.loss() * o.loss()) : 1;
        }
    }

    /** {@code count} start points in solver coordinates, the same for the same seed. */
    double[][] generate(int count, long seed) {
        MersenneTwister rng = new MersenneTwister(seed);
        double[][] starts = new double[count][];
        for (int k = 0; k < count; k++) {
            double bS = draw(rng, B_S);
            double bN = draw(rng, B_N);
            double bD = draw(rng, B_D);
            starts[k] = withAmplitudes(bS, bN, bD);
        }
        return starts;
    }

    private static double draw(MersenneTwister rng, double[] range) {
        return range[0] + (range[1] - range[0]) * rng.nextDouble();
    }

    double[] withAmplitudes(double bS, double bN, double bD) {
        int n = y.length;
        double[][] basis = new double[n][4];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double xp = Math.exp(-bN * logX[i]);
            basis[i][0] = Math.exp(bS * log1mS[i]) * xp;
            basis[i][1] = xp;
            basis[i][2] = Math.exp(-bD * logZ[i]);
            basis[i][3] = 1;
            mean += y[i];
        }
        mean /= n;
        double[] amp = nonNegativeLeastSquares(basis);
        // Log coordinates need positive amplitudes: a zero becomes a small share of the mean loss.
        double floor = 1e-3 * mean;
        return new double[] {
            Math.log(Math.max(amp[0], floor)),
            bS,
            Math.log(Math.max(amp[1], floor)),
            bN,
            Math.log(Math.max(amp[2], floor)),
            bD,
            Math.log(Math.max(amp[3], floor))
        };
    }

    /**
     * Weighted least squares over four non-negative coefficients, exactly, by trying every subset
     * of free coefficients (16 tiny systems) and keeping the best feasible one.
     */
    private double[] nonNegativeLeastSquares(double[][] basis) {
        double[] best = new double[4];
        double bestSse = sse(basis, best);
        for (int mask = 1; mask < 16; mask++) {
            int[] idx = members(mask);
            double[] coef = solveSubset(basis, idx);
            if (coef == null) {
                continue;
            }
            boolean feasible = true;
            for (double v : coef) {
                feasible &= v >= 0;
            }
            if (!feasible) {
                continue;
            }
            double[] full = new double[4];
            for (int j = 0; j < idx.length; j++) {
                full[idx[j]] = coef[j];
            }
            double s = sse(basis, full);
            if (s < bestSse) {
                bestSse = s;
                best = full;
            }
        }
        return best;
    }

    private static int[] members(int mask) {
        int[] idx = new int[Integer.bitCount(mask)];
        int k = 0;
        for (int j = 0; j < 4; j++) {
            if ((mask & (1 << j)) != 0) {
                idx[k++] = j;
            }
        }
        return idx;
    }

    private double[] solveSubset(double[][] basis, int[] idx) {
        int m = idx.length;
        double[][] ata = new double[m][m];
        double[] aty = new double[m];
        for (int i = 0; i < y.length; i++) {
            for (int a = 0; a < m; a++) {
                double va = basis[i][idx[a]] * w[i];
                aty[a] += va * y[i];
                for (int b = 0; b < m; b++) {
                    ata[a][b] += va * basis[i][idx[b]];
                }
            }
        }
        RealMatrix mtx = new Array2DRowRealMatrix(ata, false);
        try {
            return new LUDecomposition(mtx, 1e-14)
                    .getSolver()
                    .solve(new ArrayRealVector(aty, false))
                    .toArray();
        } catch (SingularMatrixException e) {
            return null;
        }
    }

    private double sse(double[][] basis, double[] coef) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double f = 0;
            for (int j = 0; j < 4; j++) {
                f += basis[i][j] * coef[j];
            }
            double r = f - y[i];
            s += w[i] * r * r;
        }
        return s;
    }
}
