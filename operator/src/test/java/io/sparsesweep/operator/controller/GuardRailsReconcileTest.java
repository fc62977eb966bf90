package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.PodTemplateOptions;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.operator.config.GuardRails;
import io.sparsesweep.operator.config.OperatorSettings;
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
 * A sweep outside the admin's guard rails launches nothing and says why on its Ready condition,
 * even when it got past admission (the chart's policy off, or created before the rails).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class GuardRailsReconcileTest {
    static KubernetesClient client;

    @Test
    void aSweepWithAnImageOutsideTheRailsIsInvalidAndLaunchesNothing() throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        TestingEventRecorder events = new TestingEventRecorder();
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults()
                                .withImages("registry.example.com/ml/runner:1", null)
                                .withGuardRails(
                                        new GuardRails(
                                                List.of("registry.example.com/ml/"),
                                                null,
                                                null,
                                                null)),
                        new KubernetesJobGateway(client),
                        new KubernetesStatusWriter(client),
                        events,
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("miner");
        sweep.getSpec().getTrainer().setImage("docker.io/someone/miner:latest");
        cluster.create(sweep);

        reconciler.reconcile(cluster.sweep("miner"), cluster.jobs("miner"));

        SparseSweep s = cluster.sweep("miner");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Invalid);
        Condition ready =
                s.getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("Ready"))
                        .findFirst()
                        .orElseThrow();
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage())
                .startsWith(
                        "spec.trainer.image: 'docker.io/someone/miner:latest' is not allowed by the"
                                + " operator's guard rails");
        assertThat(cluster.jobs("miner")).isEmpty();

        // Within the rails the same sweep runs.
        SparseSweep ok = TestSweeps.small();
        ok.getMetadata().setName("runner");
        ok.getSpec().getTrainer().setImage("registry.example.com/ml/runner:2");
        cluster.create(ok);
        reconciler.reconcile(cluster.sweep("runner"), cluster.jobs("runner"));
        assertThat(cluster.jobs("runner")).isNotEmpty();
    }

    @Test
    void aSweepWithAPriorityClassOutsideTheRailsIsInvalidAndLaunchesNothing() throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults()
                                .withImages("registry.example.com/ml/runner:1", null)
                                .withGuardRails(
                                        new GuardRails(
                                                null,
                                                null,
                                                null,
                                                null,
                                                List.of("research-low"),
                                                null,
                                                null)),
                        new KubernetesJobGateway(client),
                        new KubernetesStatusWriter(client),
                        new TestingEventRecorder(),
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("jumper");
        PodTemplateOptions pod = new PodTemplateOptions();
        pod.setPriorityClassName("system-cluster-critical");
        sweep.getSpec().setPodTemplate(pod);
        cluster.create(sweep);

        reconciler.reconcile(cluster.sweep("jumper"), cluster.jobs("jumper"));

        SparseSweep s = cluster.sweep("jumper");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Invalid);
        assertThat(s.getStatus().getConditions())
                .filteredOn(c -> c.getType().equals("Ready"))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.getReason()).isEqualTo("InvalidSpec");
                            assertThat(c.getMessage())
                                    .startsWith(
                                            "spec.podTemplate.priorityClassName:"
                                                    + " 'system-cluster-critical' is not allowed"
                                                    + " by the operator's guard rails");
                        });
        assertThat(cluster.jobs("jumper")).isEmpty();

        // An allowed class runs, and its Jobs carry it.
        SparseSweep ok = TestSweeps.small();
        ok.getMetadata().setName("patient");
        PodTemplateOptions low = new PodTemplateOptions();
        low.setPriorityClassName("research-low");
        ok.getSpec().setPodTemplate(low);
        cluster.create(ok);
        reconciler.reconcile(cluster.sweep("patient"), cluster.jobs("patient"));
        assertThat(cluster.jobs("patient"))
                .isNotEmpty()
                .allSatisfy(
                        j ->
                                assertThat(
                                                j.getSpec()
                                                        .getTemplate()
                                                        .getSpec()
                                                        .getPriorityClassName())
                                        .isEqualTo("research-low"));
    }
}
