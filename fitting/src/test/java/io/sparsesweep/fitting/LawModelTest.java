package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LawModelTest {

    @ParameterizedTest
    @EnumSource(ResidualSpace.class)
    void analyticJacobianMatchesFiniteDifferences(ResidualSpace space) {
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0.02, 3);
        Normalization norm = Normalization.of(data);
        // A point away from the optimum, so residuals fall on both sides of delta.
        double[] p = norm.toSolver(new ScalingLaw(200, 0.7, 500, 0.35, 3e8, 0.8, 4.3));
        double delta = space == ResidualSpace.LOG ? 0.001 : 0.01;
        LawModel model = new LawModel(data, norm, space, delta);
        RealMatrix jac = model.value(new ArrayRealVector(p)).getSecond();
        for (int j = 0; j < 7; j++) {
            double h = 1e-6 * Math.max(1, Math.abs(p[j]));
            double[] up = p.clone();
            double[] dn = p.clone();
            up[j] += h;
            dn[j] -= h;
            RealVector fu = model.value(new ArrayRealVector(up)).getFirst();
            RealVector fd = model.value(new ArrayRealVector(dn)).getFirst();
            for (int i = 0; i < data.size(); i++) {
                double numeric = (fu.getEntry(i) - fd.getEntry(i)) / (2 * h);
                assertThat(jac.getEntry(i, j))
                        .as("d phi_%d / d p_%d", i, j)
                        .isCloseTo(numeric, within(1e-5 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    @Test
    void solverCoordinatesRoundTrip() {
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0, 1);
        Normalization norm = Normalization.of(data);
        double[] back = norm.toLaw(norm.toSolver(Synthetic.TRUTH)).toArray();
        double[] truth = Synthetic.TRUTH.toArray();
        for (int j = 0; j < 7; j++) {
            assertThat(back[j]).isCloseTo(truth[j], within(1e-9 * Math.abs(truth[j])));
        }
    }

    @Test
    void sumOfSquaresIsTwiceTheHuberSum() {
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0.03, 5);
        Normalization norm = Normalization.of(data);
        ScalingLaw law = new ScalingLaw(250, 0.9, 400, 0.38, 2e8, 0.85, 4.4);
        LawModel model = new LawModel(data, norm, ResidualSpace.LINEAR, 0.01);
        RealVector phi = model.value(new ArrayRealVector(norm.toSolver(law))).getFirst();
        double huber = new HuberObjective(ResidualSpace.LINEAR, 0.01).value(law, data);
        assertThat(phi.dotProduct(phi) / 2 / data.size()).isCloseTo(huber, within(1e-12));
    }
}
