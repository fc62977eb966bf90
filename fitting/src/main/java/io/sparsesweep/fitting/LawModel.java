package io.sparsesweep.fitting;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * The Huber-transformed residuals of the law and their analytic Jacobian, in the solver's
 * coordinates (see {@link Normalization}): value {@code phi(r_i)} and row {@code phi'(r_i) dr_i/dp}
 * for every point, where {@code phi} is {@link HuberLoss#sqrtForm}. Minimising the sum of squares
 * of these values minimises the Huber objective exactly.
 *
 * <p>Not thread-safe: it remembers the best point it has evaluated, so that a solve stopped by its
 * evaluation budget still yields its best point. Make one per solve.
 */
final class LawModel implements SolverModel {
    private static final int P = 7;

    private final double[] log1mS;
    private final double[] logX;
    private final double[] logZ;
    private final double[] y;
    private final ResidualSpace space;
    private final double delta;

    private double bestCost = Double.POSITIVE_INFINITY;
    private double[] bestPoint;

    LawModel(SweepData data, Normalization norm, ResidualSpace space, double delta) {
        int n = data.size();
        this.log1mS = new double[n];
        this.logX = new double[n];
        this.logZ = new double[n];
        this.y = new double[n];
        double logN0 = Math.log(norm.n0());
        double logD0 = Math.log(norm.d0());
        for (int i = 0; i < n; i++) {
            Observation o = data.get(i);
            log1mS[i] = Math.log1p(-o.sparsity());
            logX[i] = Math.log(o.nonzeroParams()) - logN0;
            logZ[i] = Math.log(o.data()) - logD0;
            y[i] = o.loss();
        }
        this.space = space;
        this.delta = delta;
    }

    @Override
    public int size() {
        return y.length;
    }

    @Override
    public double[] reduce(double[] full) {
        return full;
    }

    @Override
    public double[] expand(double[] free) {
        return free;
    }

    @Override
    public Pair<RealVector, RealMatrix> value(RealVector point) {
        double[] p = point.toArray();
        double a = Math.exp(p[0]);
        double bS = p[1];
        double cc = Math.exp(p[2]);
        double bN = p[3];
        double e = Math.exp(p[4]);
        double bD = p[5];
        double c = Math.exp(p[6]);
        int n = y.length;
        double[] value = new double[n];
        double[][] jac = new double[n][P];
        double cost = 0;
        boolean finite = true;
        for (int i = 0; i < n; i++) {
            double u = Math.exp(bS * log1mS[i]);
            double xp = Math.exp(-bN * logX[i]);
            double g = a * u + cc;
            double h = e * Math.exp(-bD * logZ[i]);
            double f = g * xp + h + c;
            double r = space.residual(f, y[i]);
            if (!Double.isFinite(r)) {
                finite = false;
                // A huge residual with a zero row: the solver sees a worse cost and shrinks its
                // step, instead of being handed NaN.
                value[i] = 1e150;
                continue;
            }
            double phi = HuberLoss.sqrtForm(r, delta);
            double scale = space.derivativeScale(f) * HuberLoss.sqrtFormDerivative(r, delta);
            value[i] = phi;
            cost += phi * phi;
            double[] row = jac[i];
            double auxp = a * u * xp;
            row[0] = scale * auxp;
            row[1] = scale * auxp * log1mS[i];
            row[2] = scale * cc * xp;
            row[3] = -scale * g * xp * logX[i];
            row[4] = scale * h;
            row[5] = -scale * h * logZ[i];
            row[6] = scale * c;
        }
        if (finite && cost < bestCost) {
            bestCost = cost;
            bestPoint = p;
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
    }

    @Override
    public double[] bestPoint() {
        return bestPoint;
    }

    @Override
    public double bestCost() {
        return bestCost;
    }
}
