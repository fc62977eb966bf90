package io.sparsesweep.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SweepNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A trial's result is read only from its Job's own pods (controller-uid label and controller
 * reference), never from any pod that carries the trial's labels.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class JobPodsTest {
    static KubernetesClient client;

    private static final Map<String, String> TRIAL_LABELS =
            Map.of(
                    SweepNames.LABEL_SWEEP, "s",
                    SweepNames.LABEL_TRIAL, "0123abcd",
                    SweepNames.LABEL_ATTEMPT, "1",
                    SweepNames.LABEL_ROLE, SweepNames.ROLE_TRIAL);

    @Test
    void onlyTheJobsOwnPodIsRead() {
        Job job =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace("ml")
                        .resource(
                                new JobBuilder()
                                        .withNewMetadata()
                                        .withName("s-0123abcd-a1")
                                        .withLabels(TRIAL_LABELS)
                                        .endMetadata()
                                        .withNewSpec()
                                        .withNewTemplate()
                                        .withNewMetadata()
                                        .withLabels(TRIAL_LABELS)
                                        .endMetadata()
                                        .endTemplate()
                                        .endSpec()
                                        .build())
                        .create();
        String uid = job.getMetadata().getUid();
        assertThat(uid).isNotBlank();
        pod("own", uid, true, "{\"v\":1,\"real\":true}", "2026-11-30T00:00:00Z");
        // Same labels, finished later: what a label query would have picked.
        pod("forged", null, false, "{\"v\":1,\"forged\":true}", "2026-11-30T00:05:00Z");
        // The right uid label but no controller reference to the Job.
        pod("copied-uid", uid, false, "{\"v\":1,\"copied\":true}", "2026-11-30T00:06:00Z");

        assertThat(
                        new KubernetesJobGateway(client)
                                .termination(job, SweepNames.TRAINER_CONTAINER)
                                .orElseThrow()
                                .getMessage())
                .isEqualTo("{\"v\":1,\"real\":true}");
    }

    private static void pod(
            String name, String uid, boolean controlled, String message, String finishedAt) {
        var meta =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("ml")
                        .withLabels(new java.util.HashMap<>(TRIAL_LABELS));
        if (uid != null) {
            meta = meta.addToLabels("batch.kubernetes.io/controller-uid", uid);
        }
        if (controlled) {
            meta =
                    meta.addNewOwnerReference()
                            .withApiVersion("batch/v1")
                            .withKind("Job")
                            .withName("s-0123abcd-a1")
                            .withUid(uid)
                            .withController(true)
                            .endOwnerReference();
        }
        Pod pod =
                meta.endMetadata()
                        .withNewStatus()
                        .withContainerStatuses(
                                new ContainerStatusBuilder()
                                        .withName(SweepNames.TRAINER_CONTAINER)
                                        .withState(
                                                new ContainerStateBuilder()
                                                        .withNewTerminated()
                                                        .withExitCode(0)
                                                        .withMessage(message)
                                                        .withFinishedAt(finishedAt)
                                                        .endTerminated()
                                                        .build())
                                        .build())
                        .endStatus()
                        .build();
        client.pods().inNamespace("ml").resource(pod).create();
    }
}
