package io.sparsesweep.operator.policy;

import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.crd.SparseSweepSpec;

/**
 * The scheduling policy one sweep gets on one pass: the spec's knobs (or the operator's default
 * parallelism), nothing new once the sweep ended, and never more than the operator-wide cap on
 * unfinished trial Jobs allows. Pure: the counts of running Jobs are passed in.
 *
 * @param defaultParallelism parallelism of sweeps that set none
 * @param maxActiveTrials most unfinished trial Jobs across all sweeps (0: no cap)
 */
public record LaunchPolicy(int defaultParallelism, int maxActiveTrials) {

    /** Whether Jobs of other sweeps matter at all (so callers may skip counting them). */
    public boolean capped() {
        return maxActiveTrials > 0;
    }

    /**
     * The policy for one pass.
     *
     * @param spec the sweep's spec
     * @param ended whether the sweep's recorded phase is terminal (it then launches nothing,
     *     whatever the spec says now)
     * @param runningHere this sweep's unfinished trial Jobs
     * @param activeElsewhere unfinished trial Jobs of every other sweep
     */
    public SchedulingPolicy forSweep(
            SparseSweepSpec spec, boolean ended, int runningHere, int activeElsewhere) {
        SchedulingPolicy policy = SchedulingPolicy.of(spec, defaultParallelism);
        if (ended) {
            return new SchedulingPolicy(0, true, policy.maxAttempts(), policy.maxFailedTrials());
        }
        if (!capped()) {
            return policy;
        }
        // This sweep keeps the slots of its running trials plus what the others leave.
        int left = Math.max(0, maxActiveTrials - activeElsewhere - runningHere);
        return new SchedulingPolicy(
                Math.min(policy.parallelism(), runningHere + left),
                policy.suspended(),
                policy.maxAttempts(),
                policy.maxFailedTrials());
    }
}
