package io.sparsesweep.operator.kube;

import io.sparsesweep.crd.SparseSweep;

/** Records Kubernetes Events on a sweep. Failures to record are logged, never thrown. */
public interface EventRecorder {
    /** A Normal event. */
    void normal(SparseSweep sweep, String reason, String message);

    /** A Warning event. */
    void warning(SparseSweep sweep, String reason, String message);
}
