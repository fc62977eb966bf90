package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobs.ChildMeta;
import io.sparsesweep.operator.kube.KubernetesJobGateway;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Job someone made by hand with the sweep's labels and owner reference (an attempt label that is
 * not a number, or a name that is not the operator's) must not crash the reconcile, count as an
 * attempt, or be deleted.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class HandMadeJobsTest {
    static KubernetesClient client;

    @Test
    void aHandMadeJobWithOurLabelsIsIgnored() throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults().withImages("r:1", "r:1"),
                        new KubernetesJobGateway(client),
                        new KubernetesStatusWriter(client),
                        new TestingEventRecorder(),
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("hm");
        SparseSweep created = cluster.create(sweep);
        reconciler.reconcile(cluster.sweep("hm"), cluster.jobs("hm"));
        Job first = cluster.trialJobs("hm").get(0);
        String trial = first.getMetadata().getLabels().get(SweepNames.LABEL_TRIAL);

        for (String[] intruder :
                new String[][] {{"intruder-text", "one"}, {"intruder-number", "7"}}) {
            Job handMade =
                    new JobBuilder()
                            .withNewMetadata()
                            .withName(intruder[0])
                            .withNamespace("research")
                            .addToLabels(SweepNames.LABEL_SWEEP, "hm")
                            .addToLabels(SweepNames.LABEL_ROLE, SweepNames.ROLE_TRIAL)
                            .addToLabels(SweepNames.LABEL_TRIAL, trial)
                            .addToLabels(SweepNames.LABEL_ATTEMPT, intruder[1])
                            .addToOwnerReferences(ChildMeta.ownerOf(created))
                            .endMetadata()
                            .withSpec(first.getSpec())
                            .build();
            client.batch().v1().jobs().inNamespace("research").resource(handMade).create();
            cluster.succeed(cluster.job(intruder[0]), "{}");
        }
        cluster.succeed(first, SparseSweepReconcilerTest.result(first, 3.5, 30000));

        // Twice: the second pass deletes recorded Jobs, where the attempt label was parsed.
        for (int pass = 0; pass < 2; pass++) {
            assertThatCode(() -> reconciler.reconcile(cluster.sweep("hm"), cluster.jobs("hm")))
                    .doesNotThrowAnyException();
        }
        TrialStatus t =
                cluster.sweep("hm").getStatus().getTrials().stream()
                        .filter(x -> x.getId().equals(trial))
                        .findFirst()
                        .orElseThrow();
        assertThat(t.getAttempts()).as("the intruder's attempt 7 is not the trial's").isEqualTo(1);
        assertThat(t.getValLoss()).isEqualTo(3.5);
        assertThat(List.of(cluster.job("intruder-text"), cluster.job("intruder-number")))
                .as("never deleted: not ours")
                .doesNotContainNull();
    }
}
