package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.kube.KubernetesJobGateway;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A trial Job whose pods can never be created (a missing ServiceAccount, a quota, a policy) has no
 * pod at all: past the start deadline its attempt fails and is retried, and past the retries the
 * trial fails with the reason, instead of "Running" forever.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StartDeadlineTest {
    static KubernetesClient client;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aJobWithoutPodsPastTheDeadlineFailsItsAttemptAndIsReplaced() throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        MovableClock clock = new MovableClock();
        TestingEventRecorder events = new TestingEventRecorder();
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults()
                                .withImages("r:1", "r:1")
                                .withTrialStartDeadline(Duration.ofMinutes(10)),
                        new KubernetesJobGateway(client),
                        new KubernetesStatusWriter(client),
                        events,
                        SweepMetrics.discarding(),
                        clock);
        SparseSweep sweep = TestSweeps.small(); // parallelism 2, retriesPerTrial 1
        sweep.getMetadata().setName("nopods");
        cluster.create(sweep);
        reconciler.reconcile(cluster.sweep("nopods"), cluster.jobs("nopods"));
        List<Job> first = cluster.trialJobs("nopods");
        assertThat(first).hasSize(2);

        // Within the deadline nothing happens: the Job controller may still create the pod.
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        reconciler.reconcile(cluster.sweep("nopods"), cluster.jobs("nopods"));
        assertThat(cluster.trialJobs("nopods")).hasSize(2);
        assertThat(cluster.sweep("nopods").getStatus().getTrialCounts().getRunning()).isEqualTo(2);

        // Past it, each attempt has failed: a second attempt is launched for each trial.
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        reconciler.reconcile(cluster.sweep("nopods"), cluster.jobs("nopods"));
        reconciler.reconcile(cluster.sweep("nopods"), cluster.jobs("nopods"));
        assertThat(cluster.trialJobs("nopods"))
                .extracting(j -> j.getMetadata().getName())
                .as("the first attempts' Jobs are deleted, the second attempts' created")
                .allMatch(n -> n.endsWith("-a2"))
                .hasSize(2);
        // The second attempts get no pod either: the trials fail, and with them the sweep.
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        reconciler.reconcile(cluster.sweep("nopods"), cluster.jobs("nopods"));
        reconciler.reconcile(cluster.sweep("nopods"), cluster.jobs("nopods"));
        SparseSweep s = cluster.sweep("nopods");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Failed);
        TrialStatus failed =
                s.getStatus().getTrials().stream()
                        .filter(t -> t.getState() == TrialState.Failed)
                        .findFirst()
                        .orElseThrow();
        assertThat(failed.getMessage())
                .startsWith("NotStarted: Job nopods-")
                .contains("had no pod 10 minutes");
        assertThat(cluster.trialJobs("nopods")).as("no stuck Job left behind").isEmpty();
    }
}
