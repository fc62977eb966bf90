package io.sparsesweep.runner.djl;

import ai.djl.ndarray.NDArray;
import io.sparsesweep.runner.model.OptimizerSpec;
import io.sparsesweep.runner.model.ParamSpec;
import java.util.Map;

/**
 * The in-place update of one parameter, the same rule as the TensorFlow engine's {@code UpdateRule}
 * of the same {@link OptimizerSpec}, with its state in the tensors that {@link
 * OptimizerSpec#stateShapes} names (the same checkpoint keys as the TF engine's). Runs with
 * autograd off.
 */
interface DjlUpdateRule {
    /** The rule of {@code spec}. */
    static DjlUpdateRule of(OptimizerSpec spec) {
        if (spec instanceof OptimizerSpec.AdamW adamW) {
            return new DjlAdamW(adamW);
        }
        return new DjlAdaFactor((OptimizerSpec.AdaFactor) spec);
    }

    /**
     * Updates {@code w} in place from its gradient.
     *
     * @param state the tensors named by {@link OptimizerSpec#stateShapes}, updated in place
     * @param lr the step's learning rate
     * @param t the 1-based step count
     */
    void update(ParamSpec p, NDArray w, NDArray g, Map<String, NDArray> state, float lr, float t);

    /** Axes 0..n-1 of a tensor, for whole-tensor reductions. */
    static int[] allAxes(ParamSpec p) {
        int[] all = new int[p.shape().length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
