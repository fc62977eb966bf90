package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compute as each sweep really ran: its own pruning window, and training FLOPs per example. */
class SweepCostTest {

    @Test
    void theMultiplierFollowsTheSweepsOwnWindow() {
        // paper.md §2.2: c_mul = [a + (b - a)(1 - S q/(q+1))]/(1 - S) + (1 - b), q = 3.
        CostAccounting tpu = CostAccounting.gradual(0.2, 0.8);
        assertThat(tpu.multiplier(0.75))
                .isCloseTo((0.2 + 0.6 * (1 - 0.75 * 0.75)) / 0.25 + 0.2, within(1e-12));
        assertThat(tpu.multiplier(0.75))
                .isNotCloseTo(CostAccounting.gradual().multiplier(0.75), within(0.01));
        assertThat(tpu.name()).isEqualTo("gradual 0.2-0.8");
        assertThat(CostAccounting.gradual().name()).isEqualTo("gradual 0.25-0.75");
    }

    @Test
    void theFitPricesBudgetsWithTheDataWindowUnlessOneIsGiven() {
        SweepData synthetic = Synthetic.sweep(Synthetic.TRUTH, 0.003, 5);
        SweepData withWindow =
                SweepData.of(
                        "w",
                        synthetic.points(),
                        List.of(),
                        new SweepFacts(List.of(), CostAccounting.gradual(0.2, 0.8), List.of()));
        List<FitOptions.Budget> budget = List.of(new FitOptions.Budget(1e7, 1e18));
        FitOptions options = FitOptions.builder().starts(4).optimalSparsity(budget).build();
        FitReport r = FitPipeline.run(withWindow, options);
        assertThat(r.derived().costAccounting()).isEqualTo("gradual 0.2-0.8");
        OptimalSparsity o = r.derived().optimalSparsity().get(0);
        assertThat(o.data() * 1e7 * CostAccounting.gradual(0.2, 0.8).multiplier(o.sparsity()))
                .isCloseTo(1e18, within(1e9));
        FitReport given =
                FitPipeline.run(
                        withWindow,
                        FitOptions.builder()
                                .starts(4)
                                .optimalSparsity(budget)
                                .costAccounting(CostAccounting.dense())
                                .build());
        assertThat(given.derived().costAccounting()).isEqualTo("dense");
        assertThat(FitPipeline.run(synthetic, options).derived().costAccounting())
                .isEqualTo("gradual 0.25-0.75");
    }

    /**
     * FLOPs per example as the trainer counts them for its ViT (ModelSpec.trainFlopsPerExample).
     */
    private static SweepFacts.FlopsRow vit(
            int width, int depth, int tokens, int classes, int patch) {
        double block = depth * 12.0 * width * width;
        double perToken = 2 * (block + patch * patch * width) + 4.0 * depth * tokens * width;
        double total = 3 * (perToken * tokens + 2.0 * width * classes);
        return new SweepFacts.FlopsRow(block, total, 6 * block * tokens);
    }

    @Test
    void flopCostIsFittedFromTheSweepsRuns() {
        List<SweepFacts.FlopsRow> rows = new ArrayList<>();
        for (int w : new int[] {32, 64, 96, 128}) {
            rows.add(vit(w, 2, 16, 10, 7));
        }
        FlopCost cost = FlopCost.fit(rows, CostAccounting.gradual());
        assertThat(cost.kBlock()).isEqualTo(6 * 16.0);
        // at fixed depth the rest is linear in width, i.e. Nd^(1/2)
        assertThat(cost.otherPower()).isCloseTo(0.5, within(0.02));
        for (SweepFacts.FlopsRow r : rows) {
            assertThat(cost.perDatum(0, r.denseParams()))
                    .isCloseTo(r.flopsPerExample(), within(0.02 * r.flopsPerExample()));
        }
        // block matmuls are well below the whole cost at these widths (69-87% in the issue)
        SweepFacts.FlopsRow smallest = rows.get(0);
        assertThat(smallest.blockFlopsPerExample() / smallest.flopsPerExample()).isLessThan(0.9);
        // the pruned part only is charged at the schedule's density
        double nd = rows.get(3).denseParams();
        assertThat(cost.perDatum(0.75, nd / 4))
                .isCloseTo(
                        96 * (nd / 4) * CostAccounting.gradual().multiplier(0.75) + cost.other(nd),
                        within(1e-6 * nd));
        assertThatThrownBy(() -> FlopCost.fit(List.of(), CostAccounting.gradual()))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("train_flops_per_example");
    }

    @Test
    void withoutTheRestFlopsReduceToParameterDataUnits() {
        FlopCost pure = new FlopCost(CostAccounting.gradual(), 6, 0, 0.5);
        ScalingLaw law = Synthetic.TRUTH;
        double n = 3e6;
        assertThat(pure.computeOptimalBudget(law, n))
                .isCloseTo(
                        6 * CostAccounting.gradual().computeOptimalBudget(law, n),
                        within(1e-6 * n * n));
        OptimalSparsity a = OptimalSparsity.solve(law, n, 6e17, pure);
        OptimalSparsity b = OptimalSparsity.solve(law, n, 1e17, CostAccounting.gradual());
        assertThat(a.sparsity()).isCloseTo(b.sparsity(), within(1e-6));
    }

    @Test
    void theUnprunedRestMakesSparsityCheaperThanTheBlockCountSuggests() {
        // With attention and head at full cost, pruning saves a smaller share of the budget, so at
        // the same FLOP budget the optimal sparsity is at most the pure block-matmul answer.
        ScalingLaw law = Synthetic.TRUTH;
        double n = 3e6;
        FlopCost pure = new FlopCost(CostAccounting.gradual(), 6, 0, 0.5);
        FlopCost withRest = new FlopCost(CostAccounting.gradual(), 6, 6 * 30, 0.5);
        for (double budget : new double[] {1e17, 1e18, 1e19}) {
            OptimalSparsity p = OptimalSparsity.solve(law, n, budget, pure);
            OptimalSparsity r = OptimalSparsity.solve(law, n, budget, withRest);
            assertThat(r.data() * withRest.perDatum(r.sparsity(), n))
                    .isCloseTo(budget, within(1e-6 * budget));
            assertThat(r.data()).isLessThan(p.data() * 1.0000001);
        }
    }
}
