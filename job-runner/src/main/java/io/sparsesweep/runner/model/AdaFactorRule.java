package io.sparsesweep.runner.model;

import io.sparsesweep.runner.model.OptimizerSpec.AdaFactor;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * AdaFactor in the form of the paper's released optax chain (see docs/trainer.md for each choice):
 *
 * <ol>
 *   <li>second moment with decay {@code β2_t = 1 − t^−0.8} (t 1-based, so the first step uses g²
 *       alone) of {@code g² + 1e-30}; for 2-D tensors <b>factored</b> into row and column means
 *       (Shazeer &amp; Stern), {@code v̂ = r·cᵀ / mean(r)}, unless factoring is switched off (the
 *       released T5 chain used {@code factored=False});
 *   <li>{@code u = g / √v̂};
 *   <li>update clipping {@code u ← u / max(1, RMS(u))} with the RMS taken over the entries whose
 *       weight is non-zero (the paper's sparse-aware clip);
 *   <li>relative step size: {@code u ← u · max(1e-3, RMS(w))}, RMS over non-zero weights;
 *   <li>{@code w ← w − lr·u}; no momentum; optional decoupled weight decay {@code − lr·λ·w} on ≥2-D
 *       tensors (the paper used none).
 * </ol>
 *
 * <p>The constants and the state's names are {@link AdaFactor}'s.
 */
record AdaFactorRule(AdaFactor spec) implements UpdateRule {
    @Override
    public Op update(
            Ops tf,
            ParamSpec p,
            Variable<TFloat32> w,
            Operand<TFloat32> g,
            Operand<TFloat32> lr,
            Operand<TFloat32> t,
            Map<String, Variable<TFloat32>> state) {
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> beta =
                tf.math.sub(one, tf.math.pow(t, tf.constant(AdaFactor.DECAY_POWER)));
        Operand<TFloat32> keep = tf.math.sub(one, beta);
        Operand<TFloat32> g2 = tf.math.add(tf.math.square(g), tf.constant(AdaFactor.EPS1));
        Operand<TFloat32> u;
        if (spec.factors(p)) {
            int rows = p.shape()[0];
            int cols = p.shape()[1];
            Operand<TFloat32> vrNew =
                    decayed(tf, state.get(AdaFactor.vRow(p)), beta, keep, g2, tf.constant(1));
            Operand<TFloat32> vcNew =
                    decayed(tf, state.get(AdaFactor.vCol(p)), beta, keep, g2, tf.constant(0));
            Operand<TFloat32> rowFactor =
                    tf.math.rsqrt(tf.math.div(vrNew, tf.math.mean(vrNew, tf.constant(0))));
            Operand<TFloat32> colFactor = tf.math.rsqrt(vcNew);
            u =
                    tf.math.mul(
                            tf.math.mul(g, tf.reshape(rowFactor, tf.constant(new int[] {rows, 1}))),
                            tf.reshape(colFactor, tf.constant(new int[] {1, cols})));
        } else {
            Operand<TFloat32> vNew = decayed(tf, state.get(AdaFactor.v(p)), beta, keep, g2, null);
            u = tf.math.mul(g, tf.math.rsqrt(vNew));
        }
        int[] all = new int[p.shape().length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Operand<org.tensorflow.types.TInt32> axes = tf.constant(all);
        Operand<TFloat32> nonZero =
                tf.dtypes.cast(tf.math.notEqual(w, tf.constant(0f)), TFloat32.class);
        Operand<TFloat32> count = tf.math.maximum(tf.sum(nonZero, axes), one);
        Operand<TFloat32> rmsU =
                tf.math.sqrt(
                        tf.math.div(tf.sum(tf.math.mul(tf.math.square(u), nonZero), axes), count));
        u = tf.math.div(u, tf.math.maximum(one, tf.math.div(rmsU, tf.constant(AdaFactor.CLIP))));
        Operand<TFloat32> rmsW =
                tf.math.sqrt(
                        tf.math.div(tf.sum(tf.math.mul(tf.math.square(w), nonZero), axes), count));
        Operand<TFloat32> step =
                tf.math.mul(u, tf.math.maximum(tf.constant(AdaFactor.MIN_SCALE), rmsW));
        if (spec.decays(p)) {
            step = tf.math.add(step, tf.math.mul(tf.constant((float) spec.weightDecay()), w));
        }
        return tf.assign(w, tf.math.sub(w, tf.math.mul(lr, step)));
    }

    /**
     * {@code v ← β·v + (1 − β)·x}, with {@code x} the mean of {@code g2} over {@code axis} for a
     * factored moment, else {@code g2} itself; returns the new value.
     */
    private static Operand<TFloat32> decayed(
            Ops tf,
            Variable<TFloat32> v,
            Operand<TFloat32> beta,
            Operand<TFloat32> keep,
            Operand<TFloat32> g2,
            Operand<org.tensorflow.types.TInt32> axis) {
        Operand<TFloat32> x = axis == null ? g2 : tf.math.mean(g2, axis);
        return tf.assign(v, tf.math.add(tf.math.mul(beta, v), tf.math.mul(keep, x)));
    }
}
