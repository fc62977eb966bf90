package io.sparsesweep.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.plan.SchedulingPolicy;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.operator.testing.TestSweeps;
import org.junit.jupiter.api.Test;

class LaunchPolicyTest {
    private static SparseSweepSpec spec(Integer parallelism) {
        SparseSweepSpec spec = TestSweeps.small().getSpec();
        spec.setParallelism(parallelism);
        return spec;
    }

    @Test
    void withoutCapTheSpecOrTheDefaultParallelismHolds() {
        LaunchPolicy policy = new LaunchPolicy(7, 0);
        assertThat(policy.capped()).isFalse();
        assertThat(policy.forSweep(spec(3), false, 0, 1000).parallelism()).isEqualTo(3);
        assertThat(policy.forSweep(spec(null), false, 0, 1000).parallelism()).isEqualTo(7);
    }

    @Test
    void theCapLeavesThisSweepItsRunningTrialsPlusWhatOthersLeave() {
        LaunchPolicy policy = new LaunchPolicy(1, 10);
        assertThat(policy.forSweep(spec(8), false, 0, 4).parallelism()).as("10 - 4").isEqualTo(6);
        assertThat(policy.forSweep(spec(8), false, 3, 4).parallelism())
                .as("3 running keep their slots, 3 more fit")
                .isEqualTo(6);
        assertThat(policy.forSweep(spec(8), false, 3, 9).parallelism())
                .as("over the cap elsewhere: running trials keep running, none start")
                .isEqualTo(3);
        assertThat(policy.forSweep(spec(2), false, 0, 0).parallelism())
                .as("the spec's own limit still holds")
                .isEqualTo(2);
    }

    @Test
    void anEndedSweepLaunchesNothingButKeepsItsFailureBudget() {
        SparseSweepSpec spec = spec(8);
        SchedulingPolicy ended = new LaunchPolicy(1, 0).forSweep(spec, true, 2, 0);
        SchedulingPolicy asked = SchedulingPolicy.of(spec, 1);
        assertThat(ended.parallelism()).isZero();
        assertThat(ended.suspended()).isTrue();
        assertThat(ended.maxAttempts()).isEqualTo(asked.maxAttempts());
        assertThat(ended.maxFailedTrials()).isEqualTo(asked.maxFailedTrials());
    }
}
