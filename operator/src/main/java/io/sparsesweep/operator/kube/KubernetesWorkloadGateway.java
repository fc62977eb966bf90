package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WorkloadGateway} on a Fabric8 client: Kueue's Workloads as generic resources (no Kueue
 * model classes), found by the {@code kueue.x-k8s.io/job-uid} label Kueue puts on the Workload of a
 * Job and checked against the Workload's controller owner reference (anyone who may create a
 * Workload can copy a label), changed by JSON merge patches.
 *
 * <p>A 404 (the Workload CRD is not installed) or 403 (the chart's {@code kueue.enabled} is off, so
 * the operator may not read Workloads) is "no Kueue": logged once, remembered for {@link #RECHECK}
 * so that a suspended queued sweep does not ask again on every pass, then asked again (Kueue may
 * have been installed meanwhile).
 */
public final class KubernetesWorkloadGateway implements WorkloadGateway {
    /** Kueue's label on a Workload: the uid of the Job it was made for. */
    public static final String LABEL_JOB_UID = "kueue.x-k8s.io/job-uid";

    /** Kueue's Workload API, the version Kueue v0.17 stores and serves. */
    public static final ResourceDefinitionContext WORKLOADS =
            new ResourceDefinitionContext.Builder()
                    .withGroup("kueue.x-k8s.io")
                    .withVersion("v1beta2")
                    .withKind("Workload")
                    .withPlural("workloads")
                    .withNamespaced(true)
                    .build();

    /** How long a missing or forbidden Workload API is believed before it is asked again. */
    static final Duration RECHECK = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesWorkloadGateway.class);

    private final KubernetesClient client;
    private final LongSupplier nanoTime;
    private volatile long noKueueUntil = Long.MIN_VALUE;
    private volatile boolean noKueue;

    public KubernetesWorkloadGateway(KubernetesClient client) {
        this(client, System::nanoTime);
    }

    KubernetesWorkloadGateway(KubernetesClient client, LongSupplier nanoTime) {
        this.client = client;
        this.nanoTime = nanoTime;
    }

    @Override
    public Outcome setActive(Job job, boolean active) {
        if (noKueue && nanoTime.getAsLong() - noKueueUntil < 0) {
            return Outcome.NO_KUEUE;
        }
        String uid = job.getMetadata().getUid();
        String namespace = job.getMetadata().getNamespace();
        if (uid == null) {
            return Outcome.NO_WORKLOAD;
        }
        List<GenericKubernetesResource> workloads;
        try {
            workloads =
                    client
                            .genericKubernetesResources(WORKLOADS)
                            .inNamespace(namespace)
                            .withLabel(LABEL_JOB_UID, uid)
                            .list()
                            .getItems()
                            .stream()
                            .filter(w -> controlledBy(w.getMetadata().getOwnerReferences(), uid))
                            .toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
                    || e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                if (!noKueue) {
                    LOG.warn(
                            "no Kueue Workloads here (HTTP {}): queued trial Jobs are left to"
                                    + " Kueue while their sweep is suspended (install Kueue and set"
                                    + " the chart's kueue.enabled); asking again in {}",
                            e.getCode(),
                            RECHECK);
                }
                noKueue = true;
                noKueueUntil = nanoTime.getAsLong() + RECHECK.toNanos();
                return Outcome.NO_KUEUE;
            }
            throw e;
        }
        noKueue = false;
        if (workloads.isEmpty()) {
            return Outcome.NO_WORKLOAD;
        }
        for (GenericKubernetesResource w : workloads) {
            try {
                client.genericKubernetesResources(WORKLOADS)
                        .inNamespace(namespace)
                        .withName(w.getMetadata().getName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"active\":" + active + "}}");
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return Outcome.DONE;
    }

    private static boolean controlledBy(List<OwnerReference> owners, String uid) {
        return owners != null
                && owners.stream()
                        .anyMatch(
                                o ->
                                        Boolean.TRUE.equals(o.getController())
                                                && Objects.equals(uid, o.getUid()));
    }
}
