package io.sparsesweep.core.plan;

import io.sparsesweep.crd.SparseSweepSpec;

/**
 * The mutable knobs the scheduler obeys.
 *
 * @param parallelism most trials running at once
 * @param suspended whether new launches are paused
 * @param maxAttempts attempts per trial, including the first
 * @param maxFailedTrials failed trials tolerated before the sweep fails
 */
public record SchedulingPolicy(
        int parallelism, boolean suspended, int maxAttempts, int maxFailedTrials) {

    /** The policy a spec asks for; {@code defaultParallelism} when the spec sets none. */
    public static SchedulingPolicy of(SparseSweepSpec spec, int defaultParallelism) {
        return new SchedulingPolicy(
                spec.effectiveParallelism(defaultParallelism),
                spec.suspended(),
                spec.effectiveFailurePolicy().maxAttempts(),
                spec.effectiveFailurePolicy().effectiveMaxFailedTrials());
    }
}
