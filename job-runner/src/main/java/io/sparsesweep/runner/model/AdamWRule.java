package io.sparsesweep.runner.model;

import io.sparsesweep.runner.model.OptimizerSpec.AdamW;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * AdamW (Loshchilov &amp; Hutter): weight decay decoupled from the gradient, {@code w ← w − lr·λ·w}
 * on tensors with two or more dimensions only (not biases and norm parameters), then TensorFlow's
 * fused {@code ApplyAdam} with {@link AdamW}'s constants (bias correction folded into the step size
 * as in TensorFlow's Adam, so ε acts on the uncorrected √v).
 */
record AdamWRule(AdamW spec) implements UpdateRule {
    @Override
    public Op update(
            Ops tf,
            ParamSpec p,
            Variable<TFloat32> w,
            Operand<TFloat32> g,
            Operand<TFloat32> lr,
            Operand<TFloat32> t,
            Map<String, Variable<TFloat32>> state) {
        Variable<TFloat32> m = state.get(AdamW.m(p));
        Variable<TFloat32> v = state.get(AdamW.v(p));
        Operand<TFloat32> b1 = tf.constant(AdamW.BETA1);
        Operand<TFloat32> b2 = tf.constant(AdamW.BETA2);
        Ops adam = tf;
        if (spec.decays(p)) {
            // Decoupled decay first, w <- w - lr*lambda*w, then the Adam step on the decayed w.
            Op decay =
                    tf.assign(
                            w,
                            tf.math.sub(
                                    w,
                                    tf.math.mul(
                                            tf.math.mul(
                                                    lr, tf.constant((float) spec.weightDecay())),
                                            w)));
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
                adam.constant(AdamW.EPS),
                g);
    }
}
