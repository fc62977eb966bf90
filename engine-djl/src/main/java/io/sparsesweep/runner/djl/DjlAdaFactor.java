package io.sparsesweep.runner.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.sparsesweep.runner.model.OptimizerSpec.AdaFactor;
import io.sparsesweep.runner.model.ParamSpec;
import java.util.Map;

/**
 * AdaFactor as the TensorFlow engine's {@code AdaFactorRule} (docs/trainer.md, "Optimizers"): decay
 * {@code β2_t = 1 − t^−0.8} of {@code g² + 1e-30}, factored into row/column means for 2-D tensors
 * ({@code v̂ = r·cᵀ/mean(r)}) unless switched off, {@code u = g/√v̂}, clipped to RMS 1 over the
 * entries whose weight is non-zero, scaled by {@code max(1e-3, RMS(w))} over non-zero weights,
 * optional decoupled decay on ≥2-D tensors, {@code w ← w − lr·u}; constants and state names are
 * {@link AdaFactor}'s.
 */
record DjlAdaFactor(AdaFactor spec) implements DjlUpdateRule {
    @Override
    public void update(
            ParamSpec p, NDArray w, NDArray g, Map<String, NDArray> state, float lr, float t) {
        // Scalars in float32, as the TF graph computes them.
        float beta = 1f - (float) Math.pow(t, AdaFactor.DECAY_POWER);
        float keep = 1f - beta;
        NDArray g2 = g.square().add(AdaFactor.EPS1);
        NDArray u;
        if (spec.factors(p)) {
            int rows = p.shape()[0];
            int cols = p.shape()[1];
            NDArray vr = state.get(AdaFactor.vRow(p));
            NDArray vc = state.get(AdaFactor.vCol(p));
            vr.muli(beta).addi(g2.mean(new int[] {1}).muli(keep));
            vc.muli(beta).addi(g2.mean(new int[] {0}).muli(keep));
            NDArray rowFactor = vr.div(vr.mean()).sqrt().reshape(rows, 1);
            NDArray colFactor = vc.sqrt().reshape(1, cols);
            u = g.div(rowFactor).divi(colFactor);
        } else {
            NDArray v = state.get(AdaFactor.v(p));
            v.muli(beta).addi(g2.muli(keep));
            u = g.div(v.sqrt());
        }
        int[] axes = DjlUpdateRule.allAxes(p);
        NDArray nonZero = w.neq(0f).toType(DataType.FLOAT32, false);
        NDArray count = nonZero.sum(axes).maximum(1f);
        NDArray rmsU = u.square().muli(nonZero).sum(axes).divi(count).sqrt();
        u.divi(rmsU.divi(AdaFactor.CLIP).maximum(1f));
        NDArray rmsW = w.square().muli(nonZero).sum(axes).divi(count).sqrt();
        NDArray step = u.muli(rmsW.maximum(AdaFactor.MIN_SCALE));
        if (spec.decays(p)) {
            step.addi(w.mul((float) spec.weightDecay()));
        }
        w.subi(step.muli(lr));
    }
}
