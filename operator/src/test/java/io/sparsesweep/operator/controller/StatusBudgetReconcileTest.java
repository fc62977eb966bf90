package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.ModelSize;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import io.sparsesweep.operator.testing.TestingJobGateway;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The status budget end to end: 1000 trials, each ending with a 4 KB termination message of garbage
 * (made so that a parser quoting what it rejects would quote all of it), recorded by the reconciler
 * into the stored status. The sweep completes and its status stays under 1 MiB, every trial's
 * reason within the CRD's maxLength.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StatusBudgetReconcileTest {
    static KubernetesClient client;

    @Test
    void thousandTrialsWithFourKilobytesOfGarbageEachKeepTheStatusUnderOneMebibyte()
            throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        TestingJobGateway gateway = new TestingJobGateway();
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults()
                                .withImages("r:1", "r:1")
                                .withJobCreationConcurrency(32),
                        gateway,
                        new KubernetesStatusWriter(client),
                        new TestingEventRecorder(),
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("garbage");
        var sizes = sweep.getSpec().getModel().getSizes();
        sizes.clear();
        for (int i = 1; i <= 10; i++) {
            sizes.add(new ModelSize("s" + i, 32 * i, 2, 2, 4));
        }
        sweep.getSpec()
                .getGrid()
                .setSparsities(
                        new ArrayList<>(IntStream.range(0, 20).mapToObj(i -> i / 20.0).toList()));
        sweep.getSpec().getGrid().setSteps(new ArrayList<>(List.of(100L, 200L, 300L, 400L, 500L)));
        sweep.getSpec().setParallelism(1000);
        sweep.getSpec().getFailurePolicy().setMaxFailedTrials(1000);
        sweep.getSpec().getFailurePolicy().setRetriesPerTrial(0);
        sweep.getSpec().setFitting(new FittingSpec());
        sweep.getSpec().getFitting().setEnabled(false);
        cluster.create(sweep);

        reconciler.reconcile(cluster.sweep("garbage"), List.of(), 0);
        List<Job> launched = gateway.jobsOf("research", "garbage");
        assertThat(launched).hasSize(1000);
        Random rng = new Random(42);
        for (Job job : launched) {
            gateway.complete("research", job.getMetadata().getName(), garbage(rng));
        }
        reconciler.reconcile(cluster.sweep("garbage"), gateway.jobsOf("research", "garbage"), 0);
        reconciler.reconcile(cluster.sweep("garbage"), gateway.jobsOf("research", "garbage"), 0);

        SparseSweep done = cluster.sweep("garbage");
        assertThat(done.getStatus().getPhase())
                .as("the sweep completes")
                .isEqualTo(SweepPhase.Complete);
        assertThat(done.getStatus().getTrials()).hasSize(1000);
        int bytes = Serialization.asJson(done.getStatus()).getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("status-budget: 1000 trials x 4 KB garbage -> status %d bytes%n", bytes);
        assertThat(bytes).as("status bytes").isLessThan(1024 * 1024);
        for (TrialStatus t : done.getStatus().getTrials()) {
            assertThat(t.getMessage())
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(SweepLimits.MAX_TRIAL_MESSAGE_LENGTH)
                    .doesNotContain("\n");
        }
    }

    /**
     * About 4 KB the parser rejects: a result whose loss is a long string (quoted back by a parser
     * that names the bad value), with control characters.
     */
    private static String garbage(Random rng) {
        StringBuilder junk = new StringBuilder();
        while (junk.length() < 3900) {
            int c = 32 + rng.nextInt(95);
            junk.append(c == '"' || c == '\\' ? 'x' : (char) c);
            if (rng.nextInt(50) == 0) {
                junk.append("\\n\\t");
            }
        }
        return "{\"v\":1,\"valLoss\":\"" + junk + "\",\"trainLoss\":1}";
    }
}
