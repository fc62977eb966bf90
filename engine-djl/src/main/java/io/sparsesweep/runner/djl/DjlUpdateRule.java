package io.sparsesweep.runner.djl;

import ai.djl.ndarray.NDArray;
import io.sparsesweep.runner.model.ParamSpec;
import java.util.Map;

/**
 * The in-place update of one parameter, the same rule as the TensorFlow engine's {@code UpdateRule}
 * of the same name, with its state in named tensors ({@link #stateShapes}) that the checkpoint
 * saves. Runs with autograd off.
 */
interface DjlUpdateRule {
    /** State tensors this rule keeps for {@code p}: name → shape (names as in the TF engine). */
    Map<String, int[]> stateShapes(ParamSpec p);

    /**
     * Updates {@code w} in place from its gradient.
     *
     * @param state the tensors named by {@link #stateShapes}, updated in place
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
