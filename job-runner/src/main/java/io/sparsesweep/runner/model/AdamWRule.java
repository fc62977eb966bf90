package io.sparsesweep.runner.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam moments with bias correction, and weight decay decoupled
 * from the gradient, {@code w ← w − lr·(m̂/(√v̂ + ε) + λ·w)}, applied to tensors with two or more
 * dimensions only (not to biases and norm parameters). β1 = 0.9, β2 = 0.999, ε = 1e-8.
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
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> mNew =
                tf.assign(m, tf.math.add(tf.math.mul(b1, m), tf.math.mul(tf.math.sub(one, b1), g)));
        Operand<TFloat32> vNew =
                tf.assign(
                        v,
                        tf.math.add(
                                tf.math.mul(b2, v),
                                tf.math.mul(tf.math.sub(one, b2), tf.math.square(g))));
        Operand<TFloat32> mHat = tf.math.div(mNew, tf.math.sub(one, tf.math.pow(b1, t)));
        Operand<TFloat32> vHat = tf.math.div(vNew, tf.math.sub(one, tf.math.pow(b2, t)));
        Operand<TFloat32> step =
                tf.math.div(mHat, tf.math.add(tf.math.sqrt(vHat), tf.constant(EPS)));
        if (weightDecay > 0 && p.shape().length >= 2) {
            step = tf.math.add(step, tf.math.mul(tf.constant(weightDecay), w));
        }
        return tf.assign(w, tf.math.sub(w, tf.math.mul(lr, step)));
    }

    @Override
    public List<String> stateNames(ParamSpec p) {
        return List.of(p.name() + ".adam_m", p.name() + ".adam_v");
    }
}
