package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingLawFitterTest {

    @Test
    void recoversKnownCoefficientsFromNoisyData() {
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0.002, 11);
        FitResult fit = ScalingLawFitter.create().fit(data);
        ScalingLaw law = fit.law();
        ScalingLaw t = Synthetic.TRUTH;
        // Exponents and the irreducible loss are well determined by this grid; the amplitudes
        // trade off against the exponents, so they get a looser tolerance.
        assertThat(law.bN()).isCloseTo(t.bN(), within(0.03));
        assertThat(law.bS()).isCloseTo(t.bS(), within(0.1));
        assertThat(law.bD()).isCloseTo(t.bD(), within(0.1));
        assertThat(law.c()).isCloseTo(t.c(), within(0.05));
        assertThat(law.multiplier(0.75)).isCloseTo(t.multiplier(0.75), within(0.05));
        // The optimum is at least as good as the truth on its own data.
        double truthObjective = ScalingLawFitter.create().objective().value(t, data);
        assertThat(fit.objective()).isLessThanOrEqualTo(truthObjective * (1 + 1e-9));
    }

    @Test
    void recoversTheTruthExactlyWithoutNoiseInLogSpace() {
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0, 2);
        FitResult fit =
                ScalingLawFitter.create()
                        .withResidualSpace(ResidualSpace.LOG)
                        .withHuberDelta(0.001)
                        .fit(data);
        double[] got = fit.law().toArray();
        double[] want = Synthetic.TRUTH.toArray();
        for (int j = 0; j < 7; j++) {
            assertThat(got[j])
                    .as(ScalingLaw.NAMES[j])
                    .isCloseTo(want[j], within(1e-4 * Math.abs(want[j])));
        }
        assertThat(fit.objective()).isLessThan(1e-16);
    }

    @Test
    void coefficientsFollowTheUnitsOfTheInput() {
        SweepData raw = Synthetic.sweep(Synthetic.TRUTH, 0.003, 7);
        List<Observation> scaled = new ArrayList<>();
        for (Observation o : raw.points()) {
            // N in millions, D in billions: the notebook's units.
            scaled.add(
                    new Observation(
                            o.sparsity(), o.nonzeroParams() / 1e6, o.data() / 1e9, o.loss()));
        }
        FitResult a = ScalingLawFitter.create().fit(raw);
        FitResult b = ScalingLawFitter.create().fit(SweepData.of("scaled", scaled));
        assertThat(b.objective()).isCloseTo(a.objective(), within(1e-9 * a.objective()));
        ScalingLaw la = a.law();
        ScalingLaw lb = b.law();
        assertThat(lb.bN()).isCloseTo(la.bN(), within(1e-6));
        assertThat(lb.bD()).isCloseTo(la.bD(), within(1e-6));
        assertThat(lb.c()).isCloseTo(la.c(), within(1e-6));
        // aS N^-bN is unit-free: aS scales with (1e6)^bN, aD with 1e9.
        assertThat(lb.aS() * Math.pow(1e6, lb.bN())).isCloseTo(la.aS(), within(1e-5 * la.aS()));
        assertThat(lb.cS() * Math.pow(1e6, lb.bN())).isCloseTo(la.cS(), within(1e-5 * la.cS()));
        assertThat(lb.aD() * 1e9).isCloseTo(la.aD(), within(1e-5 * la.aD()));
    }

    @Test
    void sameSeedSameAnswer() {
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0.01, 9);
        FitResult a = ScalingLawFitter.create().withSeed(42).withStarts(12).fit(data);
        FitResult b = ScalingLawFitter.create().withSeed(42).withStarts(12).fit(data);
        assertThat(b).isEqualTo(a);
        assertThat(a.starts()).isEqualTo(12);
        assertThat(a.startsNearBest()).isBetween(1, 12);
    }

    @Test
    void warmStartFromTheOptimumStaysThere() {
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0.01, 4);
        FitResult full = ScalingLawFitter.create().fit(data);
        FitResult warm = ScalingLawFitter.create().fitFrom(data, full.law());
        assertThat(warm.objective()).isCloseTo(full.objective(), within(1e-9 * full.objective()));
    }

    @Test
    void warmStartFromALawWithAnAmplitudeOfExactlyZeroStillMoves() {
        // Fits on the boundary report an amplitude that underflowed to 0; bootstrap refits start
        // from that law and must still be free to move.
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0.01, 4);
        FitResult full = ScalingLawFitter.create().fit(data);
        ScalingLaw l = full.law();
        ScalingLaw start = new ScalingLaw(2 * l.aS(), l.bS(), l.cS(), l.bN(), l.aD(), l.bD(), 0.0);
        HuberObjective objective = new HuberObjective(ResidualSpace.LINEAR, 0.01);
        FitResult warm = ScalingLawFitter.create().fitFrom(data, start);
        assertThat(warm.objective()).isLessThan(objective.value(start, data) / 10);
        assertThat(warm.law().c()).isPositive();
    }

    @Test
    void refitLeavesAStartWhoseGradientVanishesWhereAWarmStartAloneCannot() {
        // A law whose sparsity term is a step (bS = 700: (1-S)^bS = 0 at every pruned point) and
        // whose irreducible loss underflowed: at this start the Jacobian columns of bS and c are
        // zero, so a solve from it alone never moves them - what the bootstrap used to do.
        SweepData data = Synthetic.sweep(Synthetic.TRUTH, 0.005, 6);
        ScalingLaw t = Synthetic.TRUTH;
        ScalingLaw stuck = new ScalingLaw(t.aS(), 700, t.cS(), t.bN(), t.aD(), t.bD(), 1e-300);
        FitResult warmOnly = ScalingLawFitter.create().fitFrom(data, stuck);
        assertThat(warmOnly.law().bS()).isEqualTo(700);
        FitResult refit = ScalingLawFitter.create().refit(data, stuck, 4, 1);
        assertThat(refit.starts()).isEqualTo(5);
        assertThat(refit.objective()).isLessThan(warmOnly.objective() / 2);
        assertThat(refit.law().bS()).isBetween(0.3, 2.0);
        assertThat(refit.law().c()).isBetween(4.0, 5.0);
        // and it is deterministic in its seed
        assertThat(ScalingLawFitter.create().refit(data, stuck, 4, 1)).isEqualTo(refit);
    }

    @Test
    void fewerPointsThanParametersIsBadInput() {
        List<Observation> six = Synthetic.sweep(Synthetic.TRUTH, 0, 1).points().subList(0, 6);
        assertThatThrownBy(() -> ScalingLawFitter.create().fit(SweepData.of("six.csv", six)))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("six.csv")
                .hasMessageContaining("6 points")
                .hasMessageContaining("7 parameters");
    }
}
