package io.sparsesweep.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** The log read the operator records status.fit from, against the mock API server. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesJobGatewayTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static Job job(String uid) {
        return new JobBuilder()
                .withNewMetadata()
                .withName("s-fit")
                .withNamespace("research")
                .withUid(uid)
                .endMetadata()
                .build();
    }

    private static void pod(String name, String uid, int exitCode, String finishedAt) {
        pod(name, uid, uid, exitCode, finishedAt);
    }

    /** A pod labelled with {@code uid}, controlled by the Job {@code owner} (null: by nothing). */
    private static void pod(
            String name, String uid, String owner, int exitCode, String finishedAt) {
        PodBuilder builder =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("research")
                        .addToLabels(KubernetesJobGateway.CONTROLLER_UID, uid)
                        .endMetadata();
        if (owner != null) {
            builder.editMetadata()
                    .addNewOwnerReference()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName("s-fit")
                    .withUid(owner)
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata();
        }
        Pod pod =
                builder.withNewStatus()
                        .withContainerStatuses(
                                new ContainerStatusBuilder()
                                        .withName("fit")
                                        .withNewState()
                                        .withNewTerminated()
                                        .withExitCode(exitCode)
                                        .withFinishedAt(finishedAt)
                                        .endTerminated()
                                        .endState()
                                        .build())
                        .endStatus()
                        .build();
        client.pods().inNamespace("research").resource(pod).create();
    }

    @Test
    void readsTheLogOfTheJobsOwnPodThatExitedZero() {
        pod("s-fit-first", "u1", 137, "2026-11-29T12:00:00Z");
        pod("s-fit-second", "u1", 0, "2026-11-29T11:00:00Z");
        pod("impostor", "someone-else", 0, "2026-11-29T13:00:00Z");
        // Copies the Job's controller-uid label, but the Job controller did not make it.
        pod("forged-label", "u1", null, 0, "2026-11-29T14:00:00Z");
        server.expect()
                .get()
                .withPath(
                        "/api/v1/namespaces/research/pods/s-fit-second/log?pretty=false&container=fit&tailLines=20&limitBytes=4096")
                .andReturn(200, "the fit\n")
                .always();
        assertThat(new KubernetesJobGateway(client).logTail(job("u1"), "fit", 20, 4096))
                .contains("the fit\n");
    }

    @Test
    void noPodOrNoLogIsEmpty() {
        KubernetesJobGateway gateway = new KubernetesJobGateway(client);
        assertThat(gateway.logTail(job("u-none"), "fit", 20, 4096)).isEmpty();
        pod("s-fit-nolog", "u2", 0, "2026-11-29T11:00:00Z");
        server.expect()
                .get()
                .withPath(
                        "/api/v1/namespaces/research/pods/s-fit-nolog/log?pretty=false&container=fit&tailLines=20&limitBytes=4096")
                .andReturn(404, "{\"kind\":\"Status\",\"code\":404}")
                .always();
        assertThat(gateway.logTail(job("u2"), "fit", 20, 4096))
                .as("the API answers 404 for the log")
                .isEmpty();
    }
}
