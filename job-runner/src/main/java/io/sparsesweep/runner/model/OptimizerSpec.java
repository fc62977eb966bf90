package io.sparsesweep.runner.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer without an engine, as {@link ModelSpec} is a model without one: its hyperparameters
 * and the names and shapes of its state tensors. Both engines build their update rule from it (the
 * TensorFlow engine's {@code AdamWRule} and {@code AdaFactorRule}, engine-djl's {@code DjlAdamW}
 * and {@code DjlAdaFactor}), so they cannot drift apart on a constant or on a checkpoint key; the
 * cross-engine tests resume one engine's checkpoint on the other.
 */
public sealed interface OptimizerSpec permits OptimizerSpec.AdamW, OptimizerSpec.AdaFactor {

    /**
     * The optimizer {@code --optimizer} names: {@code adamw}, else AdaFactor (the protocol has
     * already refused any other name).
     */
    static OptimizerSpec of(String name, double weightDecay, boolean adafactorFactored) {
        return "adamw".equals(name)
                ? new AdamW(weightDecay)
                : new AdaFactor(adafactorFactored, weightDecay);
    }

    /** Decoupled weight decay λ ({@code w ← w − lr·λ·w}); 0 = none. */
    double weightDecay();

    /** The state tensors of {@code p}: name → shape, in the order they are created and saved. */
    Map<String, int[]> stateShapes(ParamSpec p);

    /** Whether {@code p} is decayed: λ > 0 and two or more dimensions (not biases and norms). */
    default boolean decays(ParamSpec p) {
        return weightDecay() > 0 && p.shape().length >= 2;
    }

    /**
     * AdamW (Loshchilov &amp; Hutter) with TensorFlow's {@code ApplyAdam} constants: bias
     * correction folded into the step size, so ε acts on the uncorrected √v.
     */
    record AdamW(double weightDecay) implements OptimizerSpec {
        public static final float BETA1 = 0.9f;
        public static final float BETA2 = 0.999f;
        public static final float EPS = 1e-8f;

        /** The first moment's state tensor. */
        public static String m(ParamSpec p) {
            return p.name() + ".adam_m";
        }

        /** The second moment's state tensor. */
        public static String v(ParamSpec p) {
            return p.name() + ".adam_v";
        }

        @Override
        public Map<String, int[]> stateShapes(ParamSpec p) {
            Map<String, int[]> s = new LinkedHashMap<>();
            s.put(m(p), p.shape());
            s.put(v(p), p.shape());
            return s;
        }
    }

    /**
     * AdaFactor in the form of the paper's released optax chain (docs/trainer.md, "Optimizers"):
     * second-moment decay {@code β2_t = 1 − t^}{@link #DECAY_POWER} of {@code g² +} {@link #EPS1},
     * factored into row and column means for 2-D tensors unless {@code factored} is off, update
     * clipped to RMS {@link #CLIP} and scaled by {@code max(}{@link #MIN_SCALE}{@code , RMS(w))}.
     */
    record AdaFactor(boolean factored, double weightDecay) implements OptimizerSpec {
        public static final float EPS1 = 1e-30f;
        public static final float MIN_SCALE = 1e-3f;
        public static final float CLIP = 1f;
        public static final float DECAY_POWER = -0.8f;

        /** Whether {@code p}'s second moment is factored (2-D tensors, factoring on). */
        public boolean factors(ParamSpec p) {
            return factored && p.shape().length == 2;
        }

        /** The row means of a factored second moment. */
        public static String vRow(ParamSpec p) {
            return p.name() + ".af_vrow";
        }

        /** The column means of a factored second moment. */
        public static String vCol(ParamSpec p) {
            return p.name() + ".af_vcol";
        }

        /** The full second moment (not factored). */
        public static String v(ParamSpec p) {
            return p.name() + ".af_v";
        }

        @Override
        public Map<String, int[]> stateShapes(ParamSpec p) {
            Map<String, int[]> s = new LinkedHashMap<>();
            if (factors(p)) {
                s.put(vRow(p), new int[] {p.shape()[0]});
                s.put(vCol(p), new int[] {p.shape()[1]});
            } else {
                s.put(v(p), p.shape());
            }
            return s;
        }
    }
}
