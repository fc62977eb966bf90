package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.crd.SweepNames;
import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link JobGateway} on a Fabric8 client, without server-side apply (create, delete, merge patch).
 */
public final class KubernetesJobGateway implements JobGateway {
    /** The label the Job controller puts on a Job's own pods. */
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

    private final KubernetesClient client;

    public KubernetesJobGateway(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean create(Job job) {
        try {
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(job.getMetadata().getNamespace())
                    .resource(job)
                    .create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String namespace, String name) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(name)
                .withPropagationPolicy(
                        io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                .delete();
    }

    @Override
    public Optional<ContainerStateTerminated> termination(Job job, String container) {
        Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
        List<Pod> pods =
                client.pods()
                        .inNamespace(job.getMetadata().getNamespace())
                        .withLabel(SweepNames.LABEL_SWEEP, labels.get(SweepNames.LABEL_SWEEP))
                        .withLabel(SweepNames.LABEL_TRIAL, labels.get(SweepNames.LABEL_TRIAL))
                        .withLabel(SweepNames.LABEL_ATTEMPT, labels.get(SweepNames.LABEL_ATTEMPT))
                        .list()
                        .getItems();
        return pods.stream()
                .map(p -> terminated(p, container))
                .filter(Objects::nonNull)
                .max(
                        Comparator.comparing(
                                        (ContainerStateTerminated t) ->
                                                t.getExitCode() != null && t.getExitCode() == 0)
                                .thenComparing(t -> Objects.toString(t.getFinishedAt(), "")));
    }

    @Override
    public Optional<String> logTail(Job job, String container, int lines, int maxBytes) {
        String uid = job.getMetadata().getUid();
        if (uid == null) {
            return Optional.empty();
        }
        Optional<Pod> pod =
                client
                        .pods()
                        .inNamespace(job.getMetadata().getNamespace())
                        .withLabel(CONTROLLER_UID, uid)
                        .list()
                        .getItems()
                        .stream()
                        .filter(p -> terminated(p, container) != null)
                        .max(
                                Comparator.comparing(
                                                (Pod p) -> {
                                                    ContainerStateTerminated t =
                                                            terminated(p, container);
                                                    return t.getExitCode() != null
                                                            && t.getExitCode() == 0;
                                                })
                                        .thenComparing(
                                                p ->
                                                        Objects.toString(
                                                                terminated(p, container)
                                                                        .getFinishedAt(),
                                                                "")));
        if (pod.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(
                    client.pods()
                            .inNamespace(job.getMetadata().getNamespace())
                            .withName(pod.get().getMetadata().getName())
                            .inContainer(container)
                            .limitBytes(maxBytes)
                            .tailingLines(lines)
                            .getLog());
        } catch (KubernetesClientException e) {
            if (e.getCode() >= 400 && e.getCode() < 500) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static ContainerStateTerminated terminated(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (container.equals(cs.getName())) {
                if (cs.getState() != null && cs.getState().getTerminated() != null) {
                    return cs.getState().getTerminated();
                }
                if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
                    return cs.getLastState().getTerminated();
                }
            }
        }
        return null;
    }

    @Override
    public void upsert(ConfigMap configMap) {
        var resource =
                client.configMaps()
                        .inNamespace(configMap.getMetadata().getNamespace())
                        .withName(configMap.getMetadata().getName());
        if (resource.get() == null) {
            try {
                client.configMaps()
                        .inNamespace(configMap.getMetadata().getNamespace())
                        .resource(configMap)
                        .create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        resource.patch(
                PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(Map.of("data", configMap.getData())));
    }

    @Override
    public List<Job> jobsOf(String namespace, String sweep) {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withLabel(SweepNames.LABEL_SWEEP, sweep)
                .list()
                .getItems();
    }
}
