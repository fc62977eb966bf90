package io.sparsesweep.runner.model;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Builds the in-graph update of one parameter from raw ops. TF-Java's framework has neither AdamW
 * nor AdaFactor, and its optimizers collect every variable of the graph (masks included), so both
 * are written here; their state lives in the variables that {@link OptimizerSpec#stateShapes}
 * names, and is therefore checkpointed.
 */
interface UpdateRule {
    /** The rule of {@code spec}. */
    static UpdateRule of(OptimizerSpec spec) {
        if (spec instanceof OptimizerSpec.AdamW adamW) {
            return new AdamWRule(adamW);
        }
        return new AdaFactorRule((OptimizerSpec.AdaFactor) spec);
    }

    /**
     * Returns the op that assigns the parameter's new value (state updates happen before it).
     *
     * @param tf ops carrying a control dependency on all gradients of the step
     * @param lr the step's learning rate (fed)
     * @param t the 1-based step count (fed), for bias correction and decay schedules
     * @param state the variables named by {@link OptimizerSpec#stateShapes} for {@code p}
     */
    Op update(
            Ops tf,
            ParamSpec p,
            Variable<TFloat32> w,
            Operand<TFloat32> g,
            Operand<TFloat32> lr,
            Operand<TFloat32> t,
            Map<String, Variable<TFloat32>> state);
}
