package io.sparsesweep.e2e;

/**
 * Pod annotations read by the kwok stages in {@code testbed/kwok/stages.yaml}. They are the only
 * interface between the simulated trainer (the test) and the simulated kubelet (kwok).
 */
public final class SimAnnotations {
    /** The container's termination message; setting it lets a running pod finish. */
    public static final String RESULT = "sim.sparsesweep.io/result";

    /** {@code succeed} (default), {@code fail} or {@code preempt}. */
    public static final String OUTCOME = "sim.sparsesweep.io/outcome";

    /** Simulated run time, counted from when the pod is Running and its outcome is known. */
    public static final String DELAY_MS = "sim.sparsesweep.io/delay-ms";

    /** Exit code of a failing container. */
    public static final String EXIT_CODE = "sim.sparsesweep.io/exit-code";

    private SimAnnotations() {}
}
