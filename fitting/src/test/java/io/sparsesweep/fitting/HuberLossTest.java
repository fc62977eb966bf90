package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HuberLossTest {

    @Test
    void quadraticInsideTheThresholdAndLinearBeyond() {
        // r^2/2 inside: 0.005^2/2
        assertThat(HuberLoss.value(0.005, 0.01)).isCloseTo(1.25e-5, within(1e-18));
        // delta (|r| - delta/2) beyond: 0.01 * (0.03 - 0.005)
        assertThat(HuberLoss.value(-0.03, 0.01)).isCloseTo(2.5e-4, within(1e-18));
        // continuous at the threshold: 0.01^2/2 from both formulas
        assertThat(HuberLoss.value(0.01, 0.01)).isCloseTo(5e-5, within(1e-18));
        assertThat(HuberLoss.value(0.0100000001, 0.01)).isCloseTo(5e-5, within(1e-12));
    }

    @Test
    void squareRootFormReproducesTheLossAndItsSlope() {
        double delta = 0.001;
        for (double r = -0.01; r <= 0.01; r += 0.0001237) {
            double phi = HuberLoss.sqrtForm(r, delta);
            assertThat(phi * phi / 2).isCloseTo(HuberLoss.value(r, delta), within(1e-15));
            // phi * phi' is the Huber derivative: r inside, delta * sign(r) beyond.
            double slope = phi * HuberLoss.sqrtFormDerivative(r, delta);
            double expected = Math.abs(r) <= delta ? r : Math.copySign(delta, r);
            assertThat(slope).isCloseTo(expected, within(1e-12));
            // and phi' matches a central difference
            double h = 1e-9;
            double fd =
                    (HuberLoss.sqrtForm(r + h, delta) - HuberLoss.sqrtForm(r - h, delta)) / (2 * h);
            assertThat(HuberLoss.sqrtFormDerivative(r, delta)).isCloseTo(fd, within(1e-5));
        }
    }

    @Test
    void objectiveIsTheMeanHuberOfTheResiduals() {
        ScalingLaw law = new ScalingLaw(1, 1, 1, 1, 1, 1, 1);
        // At S=0, N=1, D=1 the law gives (1+1)*1 + 1 + 1 = 4.
        SweepData data =
                SweepData.of(
                        "hand",
                        List.of(
                                new Observation(0, 1, 1, 4.005), // r = -0.005: 1.25e-5
                                new Observation(0, 1, 1, 3.97), // r = +0.03: 2.5e-4
                                new Observation(0, 1, 1, 4.0))); // r = 0
        double linear = new HuberObjective(ResidualSpace.LINEAR, 0.01).value(law, data);
        assertThat(linear).isCloseTo((1.25e-5 + 2.5e-4 + 0) / 3, within(1e-15));

        // log residuals: log 4 - log 4.4 = -0.0953..., beyond delta 0.001
        SweepData one = SweepData.of("hand", List.of(new Observation(0, 1, 1, 4.4)));
        double r = Math.log(4) - Math.log(4.4);
        assertThat(new HuberObjective(ResidualSpace.LOG, 0.001).value(law, one))
                .isCloseTo(0.001 * (Math.abs(r) - 0.0005), within(1e-15));
    }

    @Test
    void rejectsNonPositiveDelta() {
        assertThatThrownBy(() -> new HuberObjective(ResidualSpace.LINEAR, 0))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("delta");
    }
}
