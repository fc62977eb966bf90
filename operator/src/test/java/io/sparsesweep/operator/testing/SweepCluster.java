package io.sparsesweep.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.kube.KubernetesJobGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A test's view of a cluster through an injected client: installs the CRD, creates sweeps, and
 * plays the Job controller (pods with termination messages, Job conditions), since neither the mock
 * server nor a bare API server runs controllers. Works the same on both.
 */
public final class SweepCluster {
    /** The committed CRD, as users install it. */
    public static final Path CRD = Path.of("../crds/sparsesweeps.sparsesweep.io-v1.yml");

    private final KubernetesClient client;
    private final String namespace;

    public SweepCluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Installs the CRD (needed for the status subresource) unless it exists. */
    public SweepCluster installCrd() throws java.io.IOException {
        try (var in = Files.newInputStream(CRD)) {
            var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            if (client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName(crd.getMetadata().getName())
                            .get()
                    == null) {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
        return this;
    }

    public KubernetesClient client() {
        return client;
    }

    /** Creates the sweep in this namespace and returns it as stored. */
    public SparseSweep create(SparseSweep sweep) {
        sweep.getMetadata().setNamespace(namespace);
        return client.resources(SparseSweep.class).inNamespace(namespace).resource(sweep).create();
    }

    /** The sweep as stored now. */
    public SparseSweep sweep(String name) {
        return client.resources(SparseSweep.class).inNamespace(namespace).withName(name).get();
    }

    /** Replaces the sweep's spec (as a user's edit would). */
    public void editSpec(String name, java.util.function.Consumer<SparseSweep> edit) {
        client.resources(SparseSweep.class)
                .inNamespace(namespace)
                .withName(name)
                .edit(
                        s -> {
                            edit.accept(s);
                            return s;
                        });
    }

    /** Trial Jobs of the sweep, oldest name first. */
    public List<Job> trialJobs(String sweep) {
        return new KubernetesJobGateway(client)
                .jobsOf(namespace, sweep).stream()
                        .filter(
                                j ->
                                        SweepNames.ROLE_TRIAL.equals(
                                                j.getMetadata()
                                                        .getLabels()
                                                        .get(SweepNames.LABEL_ROLE)))
                        .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
                        .toList();
    }

    /** All Jobs of the sweep. */
    public List<Job> jobs(String sweep) {
        return new KubernetesJobGateway(client).jobsOf(namespace, sweep);
    }

    /** The Job with this name, or null. */
    public Job job(String name) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    /** The sweep's results ConfigMap, or null. */
    public ConfigMap results(String sweep) {
        return client.configMaps()
                .inNamespace(namespace)
                .withName(SweepNames.resultsConfigMapName(sweep))
                .get();
    }

    /**
     * The trainer exits 0 after writing {@code message} (null: wrote nothing) and the Job
     * completes.
     */
    public void succeed(Job job, String message) {
        terminate(job, 0, "Completed", message);
        setCondition(job, "Complete", "Completed", "Job completed", 1, 0);
    }

    /**
     * The trainer exits with {@code exitCode}; the Job fails for {@code reason} (e.g.
     * BackoffLimitExceeded).
     */
    public void fail(Job job, int exitCode, String reason) {
        terminate(job, exitCode, "Error", "");
        setCondition(job, "Failed", reason, "Job failed: " + reason, 0, 1);
    }

    private void terminate(Job job, int exitCode, String reason, String message) {
        var labels = job.getSpec().getTemplate().getMetadata().getLabels();
        // As the Job controller makes it: the Job's uid in a label and a controller reference.
        String uid =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName(job.getMetadata().getName())
                        .get()
                        .getMetadata()
                        .getUid();
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(job.getMetadata().getName() + "-pod")
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
                        .addToLabels("batch.kubernetes.io/controller-uid", uid)
                        .addNewOwnerReference()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withName(job.getMetadata().getName())
                        .withUid(uid)
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .build();
        client.pods().inNamespace(namespace).resource(pod).create();
        Pod withStatus =
                new PodBuilder(pod)
                        .withNewStatus()
                        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                        .withContainerStatuses(
                                new ContainerStatusBuilder()
                                        .withName(SweepNames.TRAINER_CONTAINER)
                                        .withState(
                                                new ContainerStateBuilder()
                                                        .withNewTerminated()
                                                        .withExitCode(exitCode)
                                                        .withReason(reason)
                                                        .withMessage(message)
                                                        .withStartedAt(Instant.now().toString())
                                                        .withFinishedAt(Instant.now().toString())
                                                        .endTerminated()
                                                        .build())
                                        .build())
                        .endStatus()
                        .build();
        client.pods().inNamespace(namespace).resource(withStatus).updateStatus();
    }

    private void setCondition(
            Job job, String type, String reason, String message, int succeeded, int failed) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(job.getMetadata().getName())
                .editStatus(
                        j -> {
                            JobStatus s = new JobStatus();
                            s.setSucceeded(succeeded);
                            s.setFailed(failed);
                            s.setActive(0);
                            s.setCompletionTime(succeeded > 0 ? Instant.now().toString() : null);
                            s.setConditions(
                                    List.of(
                                            new JobConditionBuilder()
                                                    .withType(type)
                                                    .withStatus("True")
                                                    .withReason(reason)
                                                    .withMessage(message)
                                                    .build()));
                            j.setStatus(s);
                            return j;
                        });
    }
}
