package io.sparsesweep.runner.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Small graph-building helpers for ops TensorFlow-Java lacks (LayerNorm) or lacks a gradient for.
 */
final class Layers {
    private Layers() {}

    /** LayerNorm over the last axis, composed from ops that all have gradients. */
    static Operand<TFloat32> layerNorm(
            Ops tf, Operand<TFloat32> x, Operand<TFloat32> gain, Operand<TFloat32> bias) {
        Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
        Operand<TFloat32> var =
                tf.math.mean(
                        tf.math.squaredDifference(x, mean), tf.constant(-1), Mean.keepDims(true));
        Operand<TFloat32> norm =
                tf.math.mul(
                        tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(var, tf.constant(1e-6f))));
        return tf.math.add(tf.math.mul(norm, gain), bias);
    }

    /**
     * GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). The raw Gelu op has no
     * registered gradient in TF-Java 1.1.0, so it is composed.
     */
    static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> cube = tf.math.mul(tf.math.mul(x, x), x);
        Operand<TFloat32> inner =
                tf.math.mul(
                        tf.constant((float) Math.sqrt(2 / Math.PI)),
                        tf.math.add(x, tf.math.mul(tf.constant(0.044715f), cube)));
        return tf.math.mul(
                tf.math.mul(tf.constant(0.5f), x),
                tf.math.add(tf.constant(1f), tf.math.tanh(inner)));
    }

    /** x·W + b for 2-D x. */
    static Operand<TFloat32> dense(
            Ops tf, Operand<TFloat32> x, Operand<TFloat32> w, Operand<TFloat32> b) {
        // BiasAdd (not Add) lets Grappler's remapper fuse it with the MatMul on oneDNN.
        return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
    }
}
