package io.sparsesweep.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimizer state's names are checkpoint keys of both engines (docs/trainer.md): renaming one
 * would make every saved run unresumable, so they are pinned here.
 */
class OptimizerSpecTest {
    private static final ParamSpec KERNEL =
            new ParamSpec("block0.mlp_in", new int[] {8, 32}, ParamSpec.Kind.BLOCK_KERNEL, 0);
    private static final ParamSpec BIAS =
            new ParamSpec("block0.mlp_in_b", new int[] {32}, ParamSpec.Kind.BIAS, 0);

    @Test
    void adamWKeepsTwoMomentsOfTheParametersShape() {
        Map<String, int[]> s = new OptimizerSpec.AdamW(0).stateShapes(KERNEL);
        assertThat(s.keySet()).containsExactly("block0.mlp_in.adam_m", "block0.mlp_in.adam_v");
        assertThat(s.values()).allSatisfy(shape -> assertThat(shape).containsExactly(8, 32));
    }

    @Test
    void adaFactorFactorsOnlyMatricesAndOnlyWhenAsked() {
        Map<String, int[]> factored = new OptimizerSpec.AdaFactor(true, 0).stateShapes(KERNEL);
        assertThat(factored.keySet())
                .containsExactly("block0.mlp_in.af_vrow", "block0.mlp_in.af_vcol");
        assertThat(factored.get("block0.mlp_in.af_vrow")).containsExactly(8);
        assertThat(factored.get("block0.mlp_in.af_vcol")).containsExactly(32);
        assertThat(new OptimizerSpec.AdaFactor(true, 0).stateShapes(BIAS))
                .containsOnlyKeys("block0.mlp_in_b.af_v");
        assertThat(
                        new OptimizerSpec.AdaFactor(false, 0)
                                .stateShapes(KERNEL)
                                .get("block0.mlp_in.af_v"))
                .containsExactly(8, 32);
    }

    @Test
    void decayAppliesToMatricesOnlyAndOnlyWithALambda() {
        assertThat(new OptimizerSpec.AdamW(0.1).decays(KERNEL)).isTrue();
        assertThat(new OptimizerSpec.AdamW(0.1).decays(BIAS)).isFalse();
        assertThat(new OptimizerSpec.AdaFactor(true, 0).decays(KERNEL)).isFalse();
    }

    @Test
    void theFlagNamesTheOptimizer() {
        assertThat(OptimizerSpec.of("adamw", 0.1, true)).isEqualTo(new OptimizerSpec.AdamW(0.1));
        assertThat(OptimizerSpec.of("adafactor", 0, false))
                .isEqualTo(new OptimizerSpec.AdaFactor(false, 0));
    }
}
