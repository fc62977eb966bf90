package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values from paper.md (§1.4 predictions, §2.1 multipliers, §2.2 cost multipliers, §2.3
 * optimal sparsity), computed there independently with numpy/scipy from the notebook's
 * coefficients.
 */
class DerivedQuantitiesTest {

    /**
     * ViT notebook coefficients converted to paper units (N non-zeros, D images; paper.md §1.4).
     */
    private static final ScalingLaw VIT =
            new ScalingLaw(
                    1.30485411 * Math.pow(1e6, 0.39222675),
                    0.82101251,
                    2.07506343 * Math.pow(1e6, 0.39222675),
                    0.39222675,
                    1e9 * Math.pow(0.27818217, 1 / 0.88979104),
                    0.88979104,
                    4.51669257);

    @Test
    void predictionsMatchTheReferenceVectors() {
        assertThat(VIT.predict(0, 1e7, 1e9)).isCloseTo(6.1647447404, within(1e-8));
        assertThat(VIT.predict(0.5, 1e7, 1e9)).isCloseTo(5.9352459705, within(1e-8));
        assertThat(VIT.predict(0.75, 42_467_328, 1.8e9)).isCloseTo(5.2546160393, within(1e-8));
    }

    @Test
    void denseEquivalentMultipliers() {
        assertThat(VIT.multiplier(0.5)).isCloseTo(1.596, within(1e-3));
        assertThat(VIT.multiplier(0.75)).isCloseTo(2.172, within(1e-3));
        assertThat(VIT.multiplier(0.875)).isCloseTo(2.634, within(1e-3));
        assertThat(VIT.limitMultiplier()).isCloseTo(3.469, within(1e-3));
        assertThat(VIT.multiplier(0)).isEqualTo(1.0);
        // Definition: the dense model with mult*N parameters has the sparse model's loss.
        double n = 5e6;
        double d = 9e8;
        assertThat(VIT.predict(0, VIT.multiplier(0.75) * n, d))
                .isCloseTo(VIT.predict(0.75, n, d), within(1e-12));
    }

    @Test
    void costMultipliers() {
        CostAccounting g = CostAccounting.gradual();
        assertThat(g.multiplier(0)).isCloseTo(1, within(1e-15));
        assertThat(g.multiplier(0.5)).isCloseTo(1.375, within(1e-12));
        assertThat(g.multiplier(0.75)).isCloseTo(2.125, within(1e-12));
        assertThat(g.multiplier(0.875)).isCloseTo(3.625, within(1e-12));
        assertThat(CostAccounting.dense().multiplier(0.75)).isCloseTo(4, within(1e-12));
        assertThatThrownBy(() -> new CostAccounting("bad", 0.8, 0.2, 3))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("begin=0.8");
    }

    /** Dense compute-optimal budget for N (paper.md §2.3), k = 1. */
    private static double computeOptimal(ScalingLaw l, double n) {
        return l.aD()
                * n
                * Math.pow(
                        l.bD() / (l.bN() * (l.aS() + l.cS()) * Math.pow(n, -l.bN())), 1 / l.bD());
    }

    @Test
    void optimalSparsityFollowsTheReferenceTable() {
        double n = 2e7;
        double cStar = computeOptimal(VIT, n);
        CostAccounting g = CostAccounting.gradual();
        assertThat(OptimalSparsity.solve(VIT, n, 1 * cStar, g).sparsity())
                .isCloseTo(0.35, within(0.01));
        assertThat(OptimalSparsity.solve(VIT, n, 10 * cStar, g).sparsity())
                .isCloseTo(0.80, within(0.01));
        assertThat(OptimalSparsity.solve(VIT, n, 100 * cStar, g).sparsity())
                .isCloseTo(0.94, within(0.01));
        CostAccounting dense = CostAccounting.dense();
        assertThat(OptimalSparsity.solve(VIT, n, 1 * cStar, dense).sparsity()).isEqualTo(0.0);
        assertThat(OptimalSparsity.solve(VIT, n, 10 * cStar, dense).sparsity())
                .isCloseTo(0.66, within(0.01));
    }

    @Test
    void sparsityBecomesOptimalExactlyAtTheClosedFormOnset() {
        // r0 = (kappa bN (aS + cS) / (aS bS))^(1/bD), kappa = c_mul'(0) = 0.375 (paper.md §2.3)
        double r0 =
                Math.pow(
                        0.375 * VIT.bN() * (VIT.aS() + VIT.cS()) / (VIT.aS() * VIT.bS()),
                        1 / VIT.bD());
        assertThat(r0).isCloseTo(0.422, within(1e-3));
        double n = 3e6;
        double cStar = computeOptimal(VIT, n);
        CostAccounting g = CostAccounting.gradual();
        assertThat(OptimalSparsity.solve(VIT, n, 0.97 * r0 * cStar, g).sparsity()).isEqualTo(0.0);
        assertThat(OptimalSparsity.solve(VIT, n, 1.03 * r0 * cStar, g).sparsity()).isPositive();
    }

    @Test
    void optimalSparsityGrowsWithBudgetAndBeatsDense() {
        double previous = -1;
        for (double c = 1e14; c <= 1e20; c *= 10) {
            OptimalSparsity o = OptimalSparsity.solve(VIT, 1e7, c, CostAccounting.gradual());
            assertThat(o.sparsity()).isGreaterThanOrEqualTo(previous);
            assertThat(o.loss()).isLessThanOrEqualTo(o.denseLoss());
            assertThat(o.data() * 1e7 * CostAccounting.gradual().multiplier(o.sparsity()))
                    .isCloseTo(c, within(1e-6 * c));
            previous = o.sparsity();
        }
    }
}
