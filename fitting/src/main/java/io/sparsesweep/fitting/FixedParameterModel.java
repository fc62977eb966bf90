package io.sparsesweep.fitting;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * The law with one solver coordinate held at a fixed value and the other six free: the refit a
 * profile check makes ("how well can the data be fitted if bS were 10?"). Not thread-safe, like the
 * {@link LawModel} it wraps.
 */
final class FixedParameterModel implements SolverModel {
    private final LawModel inner;
    private final int index;
    private final double value;

    FixedParameterModel(LawModel inner, int index, double value) {
        this.inner = inner;
        this.index = index;
        this.value = value;
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public double[] reduce(double[] full) {
        double[] free = new double[full.length - 1];
        for (int j = 0, k = 0; j < full.length; j++) {
            if (j != index) {
                free[k++] = full[j];
            }
        }
        return free;
    }

    @Override
    public double[] expand(double[] free) {
        double[] full = new double[free.length + 1];
        for (int j = 0, k = 0; j < full.length; j++) {
            full[j] = j == index ? value : free[k++];
        }
        return full;
    }

    @Override
    public double[] bestPoint() {
        return inner.bestPoint();
    }

    @Override
    public double bestCost() {
        return inner.bestCost();
    }

    @Override
    public Pair<RealVector, RealMatrix> value(RealVector point) {
        Pair<RealVector, RealMatrix> full =
                inner.value(new ArrayRealVector(expand(point.toArray()), false));
        RealMatrix j = full.getSecond();
        int rows = j.getRowDimension();
        int cols = j.getColumnDimension();
        double[][] reduced = new double[rows][cols - 1];
        for (int i = 0; i < rows; i++) {
            for (int c = 0, k = 0; c < cols; c++) {
                if (c != index) {
                    reduced[i][k++] = j.getEntry(i, c);
                }
            }
        }
        return new Pair<>(full.getFirst(), new Array2DRowRealMatrix(reduced, false));
    }
}
