package io.sparsesweep.operator.kube;

import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;

/** Writes a sweep's status; the only place status leaves the operator. */
public interface StatusWriter {
    /**
     * Patches the status unless it equals {@code current}. The operator is the status's only
     * writer, {@code fit} included (read from the fitting Job's output).
     */
    void write(SparseSweep sweep, SparseSweepStatus current, SparseSweepStatus next);
}
