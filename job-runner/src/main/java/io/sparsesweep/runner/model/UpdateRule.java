package io.sparsesweep.runner.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Builds the in-graph update of one parameter from raw ops. TF-Java's framework has neither AdamW
 * nor AdaFactor, and its optimizers collect every variable of the graph (masks included), so both
 * are written here; their state lives in named variables and is therefore checkpointed.
 */
interface UpdateRule {
    /** Creates optimizer-state variables for {@code p} through {@code state}. */
    interface StateFactory {
        Variable<TFloat32> create(String name, int[] shape);
    }

    /**
     * Returns the op that assigns the parameter's new value (state updates happen before it).
     *
     * @param tf ops carrying a control dependency on all gradients of the step
     * @param lr the step's learning rate (fed)
     * @param t the 1-based step count (fed), for bias correction and decay schedules
     */
    Op update(
            Ops tf,
            ParamSpec p,
            Variable<TFloat32> w,
            Operand<TFloat32> g,
            Operand<TFloat32> lr,
            Operand<TFloat32> t,
            StateFactory state);

    /** Names of the state variables this rule creates for {@code p}, for the docs and tests. */
    List<String> stateNames(ParamSpec p);
}
