package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test bed itself, without the operator: fake accelerator nodes, the scheduler honouring
 * extended resources and taints, the Job controller, and the kwok stages that stand in for the
 * kubelet (result via termination message, crash, spot preemption, deletion).
 */
@ExtendWith(TestbedExtension.class)
class ControlPlaneIT {
    private static final String NS = "controlplane-it";
    private static final String SIM = "sim-it";
    private static KubernetesClient client;
    private static Testbed testbed;

    @BeforeAll
    static void setUp(Testbed bed) {
        testbed = bed;
        client = bed.newClient();
        client.namespaces()
                .resource(
                        new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
        Await.until(
                Duration.ofSeconds(60),
                "default service account in " + NS,
                () -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.namespaces().withName(NS).delete();
            client.close();
        }
    }

    @Test
    void fakeNodesAreReadyWithAcceleratorCapacityAndTaints() {
        List<Node> nodes = client.nodes().withLabel("type", "kwok").list().getItems();
        assertThat(nodes).hasSize(13);
        assertThat(nodes)
                .allSatisfy(n -> assertThat(ready(n)).as(n.getMetadata().getName()).isTrue());
        List<Node> gpu =
                client.nodes().withLabel("cloud.google.com/gke-accelerator").list().getItems();
        assertThat(gpu).hasSize(8);
        assertThat(gpu)
                .allSatisfy(
                        n -> {
                            assertThat(n.getStatus().getAllocatable().get("nvidia.com/gpu"))
                                    .isEqualTo(new Quantity("8"));
                            assertThat(n.getSpec().getTaints())
                                    .anySatisfy(
                                            t ->
                                                    assertThat(t.getKey())
                                                            .isEqualTo("nvidia.com/gpu"));
                        });
        List<Node> tpu =
                client.nodes().withLabel("cloud.google.com/gke-tpu-accelerator").list().getItems();
        assertThat(tpu).hasSize(4);
        assertThat(tpu)
                .allSatisfy(
                        n -> {
                            assertThat(n.getStatus().getAllocatable().get("google.com/tpu"))
                                    .isEqualTo(new Quantity("4"));
                            assertThat(n.getMetadata().getLabels())
                                    .containsEntry("cloud.google.com/gke-tpu-topology", "2x2");
                        });
    }

    @Test
    void realKubectlSeesTheAcceleratorNodes() {
        Kubectl.Result r =
                testbed.kubectl()
                        .run(
                                "get",
                                "nodes",
                                "-l",
                                "cloud.google.com/gke-accelerator",
                                "-o",
                                "name");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        assertThat(r.stdout().lines()).hasSize(8).allMatch(l -> l.startsWith("node/gpu-node-"));
        Kubectl.Result version = testbed.kubectl().run("version", "-o", "json");
        assertThat(version.stdout()).contains("\"gitVersion\": \"v1.35.4\"");
    }

    @Test
    void gpuJobLandsOnGpuNodeAndReportsThroughTheTerminationMessage() throws Exception {
        String message = "{\"v\":1,\"val_loss\":2.718}";
        try (SimulatedTrainer sim =
                SimulatedTrainer.start(
                        client,
                        NS,
                        "sim=gpu-ok",
                        pod -> Optional.of(SimulatedTrainer.Verdict.succeed(message, 200)))) {
            Job job =
                    client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(NS)
                            .resource(job("gpu-ok", "nvidia.com/gpu", "1", 0))
                            .create();
            Job done = awaitJobCondition(job, "Complete");
            assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
            Pod pod = onlyPod("gpu-ok");
            assertThat(pod.getSpec().getNodeName()).startsWith("gpu-node-");
            // ExtendedResourceToleration admission added the toleration for the GPU taint
            assertThat(pod.getSpec().getTolerations())
                    .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
            assertThat(
                            pod.getStatus()
                                    .getContainerStatuses()
                                    .get(0)
                                    .getState()
                                    .getTerminated()
                                    .getMessage())
                    .isEqualTo(message);
            assertThat(sim.errors()).isEmpty();
        }
    }

    @Test
    void tpuJobLandsOnTpuNode() throws Exception {
        try (SimulatedTrainer sim =
                SimulatedTrainer.start(
                        client,
                        NS,
                        "sim=tpu-ok",
                        pod -> Optional.of(SimulatedTrainer.Verdict.succeed("{}", 100)))) {
            Job job =
                    client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(NS)
                            .resource(job("tpu-ok", "google.com/tpu", "4", 0))
                            .create();
            awaitJobCondition(job, "Complete");
            assertThat(onlyPod("tpu-ok").getSpec().getNodeName()).startsWith("tpu-node-");
            assertThat(sim.count("succeed")).isEqualTo(1);
        }
    }

    @Test
    void preemptedPodIsIgnoredByThePodFailurePolicyAndRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (SimulatedTrainer sim =
                SimulatedTrainer.start(
                        client,
                        NS,
                        "sim=preempt",
                        pod ->
                                Optional.of(
                                        attempts.incrementAndGet() == 1
                                                ? SimulatedTrainer.Verdict.preempt(100)
                                                : SimulatedTrainer.Verdict.succeed(
                                                        "{\"v\":1}", 100)))) {
            // backoffLimit 0: without the Ignore rule the first (preempted) pod would fail the Job
            Job job =
                    client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(NS)
                            .resource(job("preempt", "nvidia.com/gpu", "1", 0))
                            .create();
            Job done = awaitJobCondition(job, "Complete");
            assertThat(sim.count("preempt")).isEqualTo(1);
            assertThat(sim.count("succeed")).isEqualTo(1);
            assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
        }
    }

    @Test
    void badConfigurationExitCodeFailsTheJobThroughThePodFailurePolicy() throws Exception {
        try (SimulatedTrainer sim =
                SimulatedTrainer.start(
                        client,
                        NS,
                        "sim=crash",
                        pod ->
                                Optional.of(
                                        SimulatedTrainer.Verdict.fail(2, "bad config: lr", 100)))) {
            Job job =
                    client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(NS)
                            .resource(job("crash", "nvidia.com/gpu", "1", 3))
                            .create();
            Job failed = awaitJobCondition(job, "Failed");
            JobCondition c = condition(failed, "Failed").orElseThrow();
            assertThat(c.getReason()).isEqualTo("PodFailurePolicy");
            assertThat(failed.getStatus().getFailed())
                    .isEqualTo(1); // no retries despite backoffLimit 3
            assertThat(sim.count("fail")).isEqualTo(1);
        }
    }

    @Test
    void podAskingForMoreGpusThanAnyNodeHasStaysPending() {
        Job job =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NS)
                        .resource(job("too-big", "nvidia.com/gpu", "9", 0))
                        .create();
        Await.until(
                Duration.ofSeconds(60),
                "an unschedulable condition on the too-big pod",
                () ->
                        client
                                .pods()
                                .inNamespace(NS)
                                .withLabel("sim", "too-big")
                                .list()
                                .getItems()
                                .stream()
                                .anyMatch(
                                        p ->
                                                p.getStatus().getConditions().stream()
                                                        .anyMatch(
                                                                c ->
                                                                        "PodScheduled"
                                                                                        .equals(
                                                                                                c
                                                                                                        .getType())
                                                                                && "Unschedulable"
                                                                                        .equals(
                                                                                                c
                                                                                                        .getReason()))));
        assertThat(onlyPod("too-big").getStatus().getPhase()).isEqualTo("Pending");
        client.batch()
                .v1()
                .jobs()
                .resource(job)
                .withPropagationPolicy(
                        io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                .delete();
    }

    @Test
    void deletingAJobRemovesItsRunningPods() {
        // no simulated trainer for this label: the pod starts and keeps running
        Job job =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NS)
                        .resource(job("forever", "nvidia.com/gpu", "1", 0))
                        .create();
        Await.until(
                Duration.ofSeconds(60),
                "the forever pod running",
                () ->
                        client
                                .pods()
                                .inNamespace(NS)
                                .withLabel("sim", "forever")
                                .list()
                                .getItems()
                                .stream()
                                .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        client.batch()
                .v1()
                .jobs()
                .resource(job)
                .withPropagationPolicy(
                        io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND)
                .delete();
        Await.until(
                Duration.ofSeconds(90),
                "the forever Job and pod gone (garbage collector + kwok delete stage)",
                () ->
                        client.pods()
                                        .inNamespace(NS)
                                        .withLabel("sim", "forever")
                                        .list()
                                        .getItems()
                                        .isEmpty()
                                && client.batch()
                                                .v1()
                                                .jobs()
                                                .inNamespace(NS)
                                                .withName("forever")
                                                .get()
                                        == null,
                () ->
                        client.pods()
                                .inNamespace(NS)
                                .withLabel("sim", "forever")
                                .list()
                                .getItems()
                                .toString());
    }

    // --- helpers

    private static boolean ready(Node n) {
        return n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Job job(String name, String resource, String count, int backoffLimit) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(backoffLimit)
                .withNewPodFailurePolicy()
                .addNewRule()
                .withAction("Ignore")
                .addNewOnPodCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endOnPodCondition()
                .endRule()
                .addNewRule()
                .withAction("FailJob")
                .withNewOnExitCodes()
                .withContainerName("trainer")
                .withOperator("In")
                .withValues(2)
                .endOnExitCodes()
                .endRule()
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("sim", name))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("trainer")
                .withImage("example.invalid/trainer:sim")
                .withNewResources()
                .withLimits(Map.of(resource, new Quantity(count)))
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static Job awaitJobCondition(Job job, String type) {
        var ref = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName());
        Await.until(
                Duration.ofSeconds(90),
                "Job " + job.getMetadata().getName() + " " + type,
                () -> condition(ref.get(), type).isPresent(),
                () -> String.valueOf(ref.get().getStatus()));
        return ref.get();
    }

    private static Pod onlyPod(String label) {
        List<Pod> pods = client.pods().inNamespace(NS).withLabel("sim", label).list().getItems();
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }
}
