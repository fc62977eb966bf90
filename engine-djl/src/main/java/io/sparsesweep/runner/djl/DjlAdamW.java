package io.sparsesweep.runner.djl;

import ai.djl.ndarray.NDArray;
import io.sparsesweep.runner.model.ParamSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW as the TensorFlow engine's {@code AdamWRule}: decoupled decay {@code w ← w − lr·λ·w} on
 * ≥2-D tensors, then the update of TensorFlow's {@code ApplyAdam} kernel written out (β1 0.9, β2
 * 0.999, ε 1e-8, bias correction folded into the step size, so ε acts on the uncorrected √v):
 * {@code m += (g − m)(1 − β1)}, {@code v += (g² − v)(1 − β2)}, {@code w −= α·m/(√v + ε)} with
 * {@code α = lr·√(1 − β2^t)/(1 − β1^t)}. libtorch's fused {@code adam} (which DJL exposes) corrects
 * the bias differently, so it is not used.
 */
final class DjlAdamW implements DjlUpdateRule {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPS = 1e-8f;
    private final float weightDecay;

    DjlAdamW(double weightDecay) {
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public Map<String, int[]> stateShapes(ParamSpec p) {
        Map<String, int[]> s = new LinkedHashMap<>();
        s.put(p.name() + ".adam_m", p.shape());
        s.put(p.name() + ".adam_v", p.shape());
        return s;
    }

    @Override
    public void update(
            ParamSpec p, NDArray w, NDArray g, Map<String, NDArray> state, float lr, float t) {
        if (weightDecay > 0 && p.shape().length >= 2) {
            w.subi(w.mul(lr * weightDecay));
        }
        float b1t = (float) Math.pow(BETA1, t);
        float b2t = (float) Math.pow(BETA2, t);
        float alpha = lr * (float) Math.sqrt(1f - b2t) / (1f - b1t);
        NDArray m = state.get(p.name() + ".adam_m");
        NDArray v = state.get(p.name() + ".adam_v");
        m.addi(g.sub(m).muli(1f - BETA1));
        v.addi(g.square().subi(v).muli(1f - BETA2));
        w.subi(m.mul(alpha).divi(v.sqrt().addi(EPS)));
    }
}
