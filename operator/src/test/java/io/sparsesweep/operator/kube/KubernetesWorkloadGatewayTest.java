package io.sparsesweep.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparsesweep.operator.kube.WorkloadGateway.Outcome;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kueue's Workloads of a Job found by Kueue's job-uid label and the controller owner reference,
 * patched by {@code spec.active}; a cluster without the Workload API is "no Kueue" and asked again
 * only after a while. Against the mock API server.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesWorkloadGatewayTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @BeforeAll
    static void workloadsAreACustomResource() {
        server.expectCustomResource(
                new CustomResourceDefinitionContext.Builder()
                        .withGroup("kueue.x-k8s.io")
                        .withVersion("v1beta2")
                        .withKind("Workload")
                        .withPlural("workloads")
                        .withScope("Namespaced")
                        .build());
    }

    private static Job job(String namespace, String uid) {
        return new JobBuilder()
                .withNewMetadata()
                .withName("s-t1-a1")
                .withNamespace(namespace)
                .withUid(uid)
                .endMetadata()
                .build();
    }

    /** A Workload labelled for {@code labelUid} and controlled by {@code ownerUid}. */
    private static void workload(String namespace, String name, String labelUid, String ownerUid) {
        GenericKubernetesResource w =
                new GenericKubernetesResourceBuilder()
                        .withApiVersion("kueue.x-k8s.io/v1beta2")
                        .withKind("Workload")
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(Map.of(KubernetesWorkloadGateway.LABEL_JOB_UID, labelUid))
                        .addNewOwnerReference()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withName("s-t1-a1")
                        .withUid(ownerUid)
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("active", true)))
                        .build();
        client.genericKubernetesResources(KubernetesWorkloadGateway.WORKLOADS)
                .inNamespace(namespace)
                .resource(w)
                .create();
    }

    private static Object active(String namespace, String name) {
        GenericKubernetesResource w =
                client.genericKubernetesResources(KubernetesWorkloadGateway.WORKLOADS)
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
        return ((Map<?, ?>) w.getAdditionalProperties().get("spec")).get("active");
    }

    @Test
    void setsActiveOnlyOnTheWorkloadTheJobControls() {
        workload("research", "job-s-t1-a1-abcde", "uid-1", "uid-1");
        // a copy of the label on a Workload someone else controls is never touched
        workload("research", "impostor", "uid-1", "uid-other");
        KubernetesWorkloadGateway gateway = new KubernetesWorkloadGateway(client);

        assertThat(gateway.setActive(job("research", "uid-1"), false)).isEqualTo(Outcome.DONE);
        assertThat(active("research", "job-s-t1-a1-abcde")).isEqualTo(false);
        assertThat(active("research", "impostor")).isEqualTo(true);

        assertThat(gateway.setActive(job("research", "uid-1"), true)).isEqualTo(Outcome.DONE);
        assertThat(active("research", "job-s-t1-a1-abcde")).isEqualTo(true);

        assertThat(gateway.setActive(job("research", "uid-none"), false))
                .isEqualTo(Outcome.NO_WORKLOAD);
    }

    @Test
    void withoutTheWorkloadApiItIsNoKueueAndAsksAgainOnlyAfterTheRecheckTime() {
        String path = "/apis/kueue.x-k8s.io/v1beta2/namespaces/nokueue/workloads";
        server.expect()
                .get()
                .withPath(path + "?labelSelector=kueue.x-k8s.io%2Fjob-uid%3Duid-1")
                .andReturn(404, "{}")
                .always();
        AtomicLong now = new AtomicLong();
        KubernetesWorkloadGateway gateway = new KubernetesWorkloadGateway(client, now::get);
        int before = server.getRequestCount();

        assertThat(gateway.setActive(job("nokueue", "uid-1"), false)).isEqualTo(Outcome.NO_KUEUE);
        assertThat(server.getRequestCount()).isEqualTo(before + 1);
        now.addAndGet(KubernetesWorkloadGateway.RECHECK.toNanos() - 1);
        assertThat(gateway.setActive(job("nokueue", "uid-1"), false)).isEqualTo(Outcome.NO_KUEUE);
        assertThat(server.getRequestCount()).as("not asked again yet").isEqualTo(before + 1);
        now.addAndGet(2);
        assertThat(gateway.setActive(job("nokueue", "uid-1"), false)).isEqualTo(Outcome.NO_KUEUE);
        assertThat(server.getRequestCount()).isEqualTo(before + 2);
    }
}
