package io.sparsesweep.runner.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * AdamW (Loshchilov &amp; Hutter): weight decay decoupled from the gradient, {@code w ← w − lr·λ·w}
 * on tensors with two or more dimensions only (not biases and norm parameters), then TensorFlow's
 * fused {@code ApplyAdam} (β1 = 0.9, β2 = 0.999, ε = 1e-8; bias correction folded into the step
 * size as in TensorFlow's Adam, so ε acts on the uncorrected √v).
 */
final class AdamWRule implements UpdateRule {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPS = 1e-8f;
    private final float weightDecay;

    AdamWRule(double weightDecay) {
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public Op update(
            Ops tf,
            ParamSpec p,
            Variable<TFloat32> w,
            Operand<TFloat32> g,
            Operand<TFloat32> lr,
            Operand<TFloat32> t,
            StateFactory state) {
        Variable<TFloat32> m = state.create(p.name() + ".adam_m", p.shape());
        Variable<TFloat32> v = state.create(p.name() + ".adam_v", p.shape());
        Operand<TFloat32> b1 = tf.constant(BETA1);
        Operand<TFloat32> b2 = tf.constant(BETA2);
        Ops adam = tf;
        if (weightDecay > 0 && p.shape().length >= 2) {
            // Decoupled decay first, w <- w - lr*lambda*w, then the Adam step on the decayed w.
            Op decay =
                    tf.assign(
                            w,
                            tf.math.sub(
                                    w, tf.math.mul(tf.math.mul(lr, tf.constant(weightDecay)), w)));
            adam = tf.withControlDependencies(List.of(decay));
        }
        // One fused kernel per tensor: m, v and w updated in place, with bias correction folded
        // into the step size (lr*sqrt(1-b2^t)/(1-b1^t)).
        return adam.train.applyAdam(
                w,
                m,
                v,
                adam.math.pow(b1, t),
                adam.math.pow(b2, t),
                lr,
                b1,
                b2,
                adam.constant(EPS),
                g);
    }

    @Override
    public List<String> stateNames(ParamSpec p) {
        return List.of(p.name() + ".adam_m", p.name() + ".adam_v");
    }
}
