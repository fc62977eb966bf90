package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import io.sparsesweep.operator.jobset.JobSet;
import io.sparsesweep.operator.jobset.JobSetView;
import io.sparsesweep.operator.jobset.SliceJobSetFactory;
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

    /** The label the Job controller puts on an Indexed Job's pods: the pod's completion index. */
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

    private final KubernetesClient client;

    public KubernetesJobGateway(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean create(Job job) {
        if (JobSetView.isJobSet(job)) {
            return createJobSet(job);
        }
        return createdUnlessThere(
                () ->
                        client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(job.getMetadata().getNamespace())
                                .resource(job)
                                .create());
    }

    /** A multi-host trial's Job is created as the JobSet of its slice. */
    private boolean createJobSet(Job job) {
        JobSet jobSet = SliceJobSetFactory.jobSetFor(job, TrialJobFactory.hostsOf(job));
        return createdUnlessThere(
                () ->
                        client.resources(JobSet.class)
                                .inNamespace(job.getMetadata().getNamespace())
                                .resource(jobSet)
                                .create());
    }

    /** Runs {@code create}: true if it created the object, false if the name exists (409). */
    private static boolean createdUnlessThere(Runnable create) {
        try {
            create.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes the Job, or (when no Job has the name) the JobSet of a multi-host trial with its Jobs
     * and pods. A JobSet API the operator may not use or the cluster does not serve is the same as
     * no JobSet.
     */
    @Override
    public void delete(String namespace, String name) {
        boolean deleted =
                !client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete()
                        .isEmpty();
        if (deleted) {
            return;
        }
        try {
            client.resources(JobSet.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND
                    && e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
                throw e;
            }
        }
    }

    @Override
    public void suspend(Job job, boolean suspend, String mark) {
        // A JSON merge patch; null removes the annotation (the mark is a fixed, quote-free key).
        patch(
                job,
                "{\"metadata\":{\"annotations\":{\""
                        + mark
                        + "\":"
                        + (suspend ? "\"true\"" : "null")
                        + "}},\"spec\":{\"suspend\":"
                        + suspend
                        + "}}");
    }

    @Override
    public void mark(Job job, String mark, boolean on) {
        patch(
                job,
                "{\"metadata\":{\"annotations\":{\""
                        + mark
                        + "\":"
                        + (on ? "\"true\"" : "null")
                        + "}}}");
    }

    /**
     * A JSON merge patch of the trial Job (of the JobSet, for a JobSet's view); gone is success.
     */
    private void patch(Job job, String patch) {
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        try {
            if (JobSetView.isJobSet(job)) {
                client.resources(JobSet.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .patch(merge, patch);
            } else {
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName(name)
                        .patch(merge, patch);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public Optional<ContainerStateTerminated> termination(Job job, String container) {
        if (JobSetView.isJobSet(job)) {
            return leaderTermination(job, container);
        }
        return lastTerminated(ownPods(job), container).map(p -> terminated(p, container));
    }

    /**
     * The Job's own pods: those the Job controller made for this Job object, found by the
     * controller-uid label it sets and checked against their controller owner reference. Not pods
     * found by the trial's labels: anyone who can create a pod in the namespace can copy those (and
     * a pod left from a deleted Job of the same name carries them too), and its termination message
     * would have become the trial's result.
     */
    private List<Pod> ownPods(Job job) {
        String uid = job.getMetadata().getUid();
        if (uid == null) {
            return List.of();
        }
        return client
                .pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel(CONTROLLER_UID, uid)
                .list()
                .getItems()
                .stream()
                .filter(p -> controlledBy(p.getMetadata().getOwnerReferences(), "Job", uid))
                .toList();
    }

    /** The pod whose container ended last, a success before any failure. */
    private static Optional<Pod> lastTerminated(List<Pod> pods, String container) {
        return pods.stream()
                .filter(p -> terminated(p, container) != null)
                .max(
                        Comparator.comparing(
                                        (Pod p) -> {
                                            ContainerStateTerminated t = terminated(p, container);
                                            return t.getExitCode() != null && t.getExitCode() == 0;
                                        })
                                .thenComparing(
                                        p ->
                                                Objects.toString(
                                                        terminated(p, container).getFinishedAt(),
                                                        "")));
    }

    @Override
    public Optional<String> logTail(Job job, String container, int lines, int maxBytes) {
        Optional<Pod> pod = lastTerminated(ownPods(job), container);
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

    /**
     * How the leader (process 0) of a JobSet's slice ended: the pod of completion index 0 of the
     * JobSet's Job 0, found through the JobSet's own Jobs (controlled by its uid) and their own
     * pods (controlled by the Job's uid), so no pod merely carrying the labels is ever read.
     */
    private Optional<ContainerStateTerminated> leaderTermination(Job view, String container) {
        String uid = view.getMetadata().getUid();
        String namespace = view.getMetadata().getNamespace();
        if (uid == null) {
            return Optional.empty();
        }
        List<Job> sliceJobs =
                client
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withLabel(JobSet.LABEL_UID, uid)
                        .withLabel(JobSet.LABEL_JOB_INDEX, "0")
                        .list()
                        .getItems()
                        .stream()
                        .filter(
                                j ->
                                        controlledBy(
                                                j.getMetadata().getOwnerReferences(),
                                                "JobSet",
                                                uid))
                        .toList();
        return sliceJobs.stream()
                .flatMap(
                        j ->
                                client
                                        .pods()
                                        .inNamespace(namespace)
                                        .withLabel(CONTROLLER_UID, j.getMetadata().getUid())
                                        .withLabel(COMPLETION_INDEX, "0")
                                        .list()
                                        .getItems()
                                        .stream()
                                        .filter(
                                                p ->
                                                        controlledBy(
                                                                p.getMetadata()
                                                                        .getOwnerReferences(),
                                                                "Job",
                                                                j.getMetadata().getUid())))
                .map(p -> terminated(p, container))
                .filter(Objects::nonNull)
                .max(
                        Comparator.comparing(
                                        (ContainerStateTerminated t) ->
                                                t.getExitCode() != null && t.getExitCode() == 0)
                                .thenComparing(t -> Objects.toString(t.getFinishedAt(), "")));
    }

    private static boolean controlledBy(List<OwnerReference> owners, String kind, String uid) {
        return owners != null
                && owners.stream()
                        .anyMatch(
                                o ->
                                        Boolean.TRUE.equals(o.getController())
                                                && kind.equals(o.getKind())
                                                && uid.equals(o.getUid()));
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

    /**
     * Creates the ConfigMap, or patches its data when it exists. It never reads it first: the
     * operator has no get/list/watch on ConfigMaps at all (least privilege: it cannot read the
     * ConfigMaps of the namespaces it watches), only create and patch.
     */
    @Override
    public void upsert(ConfigMap configMap) {
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
        // On the resource, not withName(): Fabric8 GETs a named object before patching it, which
        // the operator may not do.
        client.configMaps()
                .inNamespace(configMap.getMetadata().getNamespace())
                .resource(configMap)
                .patch(
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
