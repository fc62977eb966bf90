package io.sparsesweep.runner.djl;

import ai.djl.ndarray.NDArray;
import io.sparsesweep.runner.model.OptimizerSpec.AdamW;
import io.sparsesweep.runner.model.ParamSpec;
import java.util.Map;

/**
 * AdamW as the TensorFlow engine's {@code AdamWRule}: decoupled decay {@code w ← w − lr·λ·w} on
 * ≥2-D tensors, then the update of TensorFlow's {@code ApplyAdam} kernel written out with {@link
 * AdamW}'s constants (bias correction folded into the step size, so ε acts on the uncorrected √v):
 * {@code m += (g − m)(1 − β1)}, {@code v += (g² − v)(1 − β2)}, {@code w −= α·m/(√v + ε)} with
 * {@code α = lr·√(1 − β2^t)/(1 − β1^t)}. libtorch's fused {@code adam} (which DJL exposes) corrects
 * the bias differently, so it is not used.
 */
record DjlAdamW(AdamW spec) implements DjlUpdateRule {
    @Override
    public void update(
            ParamSpec p, NDArray w, NDArray g, Map<String, NDArray> state, float lr, float t) {
        if (spec.decays(p)) {
            w.subi(w.mul(lr * (float) spec.weightDecay()));
        }
        float b1t = (float) Math.pow(AdamW.BETA1, t);
        float b2t = (float) Math.pow(AdamW.BETA2, t);
        float alpha = lr * (float) Math.sqrt(1f - b2t) / (1f - b1t);
        NDArray m = state.get(AdamW.m(p));
        NDArray v = state.get(AdamW.v(p));
        m.addi(g.sub(m).muli(1f - AdamW.BETA1));
        v.addi(g.square().subi(v).muli(1f - AdamW.BETA2));
        w.subi(m.mul(alpha).divi(v.sqrt().addi(AdamW.EPS)));
    }
}
