package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the pods of one namespace and keeps, per pod, what a real kubelet reported: node, labels,
 * when it was created and when its first container started, its command and arguments (as the
 * operator's Job template gave them), and how that container ended (exit code, termination
 * message). The operator deletes finished Jobs and their pods, so this is recorded as it happens.
 */
final class PodRecorder implements AutoCloseable {
    /** One pod as last seen. */
    record Seen(
            String name,
            String uid,
            Map<String, String> labels,
            String node,
            Instant created,
            Instant started,
            Instant finished,
            Integer exitCode,
            String message,
            String image,
            List<String> command,
            List<String> args) {
        /** Pod creation to the container running, if it started. */
        Duration startLatency() {
            return started == null ? null : Duration.between(created, started);
        }
    }

    private final Map<String, Seen> pods = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    PodRecorder(KubernetesClient client, String namespace) {
        informer =
                client.pods()
                        .inNamespace(namespace)
                        .inform(
                                new ResourceEventHandler<>() {
                                    @Override
                                    public void onAdd(Pod pod) {
                                        record(pod);
                                    }

                                    @Override
                                    public void onUpdate(Pod old, Pod pod) {
                                        record(pod);
                                    }

                                    @Override
                                    public void onDelete(Pod pod, boolean unknown) {
                                        record(pod);
                                    }
                                },
                                0);
    }

    private void record(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Seen before = pods.get(uid);
        Instant started = before == null ? null : before.started();
        Instant finished = before == null ? null : before.finished();
        Integer exit = before == null ? null : before.exitCode();
        String message = before == null ? null : before.message();
        List<ContainerStatus> statuses =
                pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                        ? List.of()
                        : pod.getStatus().getContainerStatuses();
        if (!statuses.isEmpty()) {
            ContainerStatus c = statuses.get(0);
            if (c.getState() != null && c.getState().getRunning() != null && started == null) {
                started = Instant.parse(c.getState().getRunning().getStartedAt());
            }
            ContainerStateTerminated t = c.getState() == null ? null : c.getState().getTerminated();
            if (t != null) {
                if (started == null && t.getStartedAt() != null) {
                    started = Instant.parse(t.getStartedAt());
                }
                exit = t.getExitCode();
                message = t.getMessage();
                if (t.getFinishedAt() != null) {
                    finished = Instant.parse(t.getFinishedAt());
                }
            }
        }
        pods.put(
                uid,
                new Seen(
                        pod.getMetadata().getName(),
                        uid,
                        pod.getMetadata().getLabels() == null
                                ? Map.of()
                                : Map.copyOf(pod.getMetadata().getLabels()),
                        pod.getSpec().getNodeName(),
                        Instant.parse(pod.getMetadata().getCreationTimestamp()),
                        started,
                        finished,
                        exit,
                        message,
                        pod.getSpec().getContainers().get(0).getImage(),
                        listOrEmpty(pod.getSpec().getContainers().get(0).getCommand()),
                        listOrEmpty(pod.getSpec().getContainers().get(0).getArgs())));
    }

    private static List<String> listOrEmpty(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Every pod seen so far whose label {@code key} is {@code value}. */
    List<Seen> withLabel(String key, String value) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : pods.values()) {
            if (value.equals(s.labels().get(key))) {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.created().compareTo(b.created()));
        return out;
    }

    Collection<Seen> all() {
        return List.copyOf(pods.values());
    }

    @Override
    public void close() {
        informer.close();
    }
}
