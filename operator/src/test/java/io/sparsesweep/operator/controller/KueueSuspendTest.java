package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.kube.KubernetesJobGateway;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.kube.WorkloadGateway.Outcome;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.policy.SuspendPolicy;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import io.sparsesweep.operator.testing.TestingWorkloadGateway;
import io.sparsesweep.operator.testing.TestingWorkloadGateway.Call;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A suspended sweep queued by Kueue stops its trials Kueue's way: the Workloads of its running
 * trial Jobs are deactivated (Kueue then evicts them, suspending the Jobs), never the Jobs
 * suspended behind Kueue's back, and reactivated on resume. Against the mock API server; the test
 * plays Kueue through {@link TestingWorkloadGateway}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KueueSuspendTest {
    static KubernetesClient client;

    private SweepCluster cluster;
    private TestingEventRecorder events;
    private TestingWorkloadGateway kueue;
    private SparseSweepReconciler reconciler;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new SweepCluster(client, "research").installCrd();
        events = new TestingEventRecorder();
        kueue = new TestingWorkloadGateway();
        reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults().withImages("default/runner:1", null),
                        new KubernetesJobGateway(client),
                        kueue,
                        new KubernetesStatusWriter(client),
                        events,
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
    }

    private void reconcile(String name) {
        reconciler.reconcile(cluster.sweep(name), cluster.jobs(name));
    }

    private List<Job> started(String name) {
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName(name);
        assertThat(sweep.getSpec().getQueueName()).isEqualTo("team-a");
        cluster.create(sweep);
        reconcile(name);
        List<Job> jobs = cluster.trialJobs(name);
        assertThat(jobs).hasSize(2);
        return jobs;
    }

    private static boolean marked(Job j) {
        return j.getMetadata().getAnnotations() != null
                && "true"
                        .equals(
                                j.getMetadata()
                                        .getAnnotations()
                                        .get(SuspendPolicy.ANNOTATION_DEACTIVATED));
    }

    @Test
    void suspendDeactivatesTheRunningTrialsWorkloadsOnceAndResumeReactivatesThem() {
        kueue.kueueInstalled();
        List<Job> jobs = started("queued");
        Job first = jobs.get(0);
        Job second = jobs.get(1);
        kueue.kueueMade(first); // Kueue has not made the second one's Workload yet

        cluster.editSpec("queued", s -> s.getSpec().setSuspend(true));
        reconcile("queued");
        assertThat(kueue.active(first)).isFalse();
        assertThat(kueue.calls())
                .containsExactlyInAnyOrder(
                        new Call(first.getMetadata().getName(), false, Outcome.DONE),
                        new Call(second.getMetadata().getName(), false, Outcome.NO_WORKLOAD));
        // Kueue's, not the operator's: no Job is suspended by the operator
        assertThat(cluster.trialJobs("queued"))
                .allMatch(j -> !Boolean.TRUE.equals(j.getSpec().getSuspend()));
        assertThat(cluster.trialJobs("queued"))
                .filteredOn(KueueSuspendTest::marked)
                .extracting(j -> j.getMetadata().getName())
                .containsExactly(first.getMetadata().getName());

        // The next pass deactivates the Workload made meanwhile, and nothing twice.
        kueue.kueueMade(second);
        reconcile("queued");
        reconcile("queued");
        assertThat(kueue.active(second)).isFalse();
        assertThat(kueue.calls()).hasSize(3);
        assertThat(cluster.trialJobs("queued")).allMatch(KueueSuspendTest::marked);
        assertThat(events.reasons()).filteredOn("TrialSuspended"::equals).hasSize(2);
        SparseSweep s = cluster.sweep("queued");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Suspended);
        assertThat(s.getStatus().getTrialCounts().getFailed()).isZero();

        cluster.editSpec("queued", x -> x.getSpec().setSuspend(false));
        reconcile("queued");
        reconcile("queued");
        assertThat(kueue.active(first)).isTrue();
        assertThat(kueue.active(second)).isTrue();
        assertThat(kueue.calls()).hasSize(5);
        assertThat(cluster.trialJobs("queued")).noneMatch(KueueSuspendTest::marked);
        assertThat(events.reasons()).filteredOn("TrialResumed"::equals).hasSize(2);
        cluster.trialJobs("queued")
                .forEach(j -> cluster.succeed(j, SparseSweepReconcilerTest.result(j, 3.0, 30000)));
        reconcile("queued");
        assertThat(cluster.sweep("queued").getStatus().getTrials())
                .filteredOn(t -> t.getState() == TrialState.Succeeded)
                .hasSize(2)
                .allMatch(t -> t.attemptsSoFar() == 1);
    }

    @Test
    void withoutKueueNothingIsMarkedNothingSuspendedNothingFails() {
        started("alone");
        cluster.editSpec("alone", s -> s.getSpec().setSuspend(true));
        reconcile("alone");
        reconcile("alone");
        assertThat(kueue.calls()).hasSize(4).allMatch(c -> c.outcome() == Outcome.NO_KUEUE);
        assertThat(cluster.trialJobs("alone"))
                .allMatch(j -> !Boolean.TRUE.equals(j.getSpec().getSuspend()))
                .noneMatch(KueueSuspendTest::marked);
        assertThat(events.reasons()).doesNotContain("TrialSuspended");
        SparseSweep s = cluster.sweep("alone");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Suspended);
        assertThat(s.getStatus().getTrialCounts().getFailed()).isZero();
        assertThat(s.getStatus().getTrialCounts().getRunning()).isEqualTo(2);
    }
}
