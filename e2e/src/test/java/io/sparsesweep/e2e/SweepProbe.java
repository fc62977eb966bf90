package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one sweep from the outside: its status, every trial Job ever created (the operator
 * deletes finished ones, so they are recorded as they appear), and its results ConfigMap.
 */
final class SweepProbe implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    /** Job name -> trial id, for every trial Job seen. */
    final Map<String, String> jobs = new ConcurrentHashMap<>();

    /** Job name -> System.nanoTime() when first seen. */
    final Map<String, Long> jobSeenAt = new ConcurrentHashMap<>();

    /**
     * Job UID -> trial id, for every trial Job ever created: one entry per creation. A Job deleted
     * and created again under the same name is two creations, which a count by name would miss.
     */
    final Map<String, String> creations = new ConcurrentHashMap<>();

    /** Run once, on the informer's thread, when the next new Job appears (then cleared). */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> onNewJob =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final SharedIndexInformer<Job> informer;

    SweepProbe(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.informer =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withLabel("sparsesweep.io/sweep", name)
                        .withLabel(SweepPods.ROLE, "trial")
                        .inform(
                                new ResourceEventHandler<>() {
                                    @Override
                                    public void onAdd(Job job) {
                                        record(job);
                                    }

                                    @Override
                                    public void onUpdate(Job old, Job job) {
                                        record(job);
                                    }

                                    @Override
                                    public void onDelete(Job job, boolean unknown) {}
                                },
                                0);
    }

    private void record(Job job) {
        String n = job.getMetadata().getName();
        String trial = job.getMetadata().getLabels().getOrDefault("sparsesweep.io/trial", "?");
        jobSeenAt.putIfAbsent(n, System.nanoTime());
        jobs.putIfAbsent(n, trial);
        if (creations.putIfAbsent(job.getMetadata().getUid(), trial) == null) {
            Runnable hook = onNewJob.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
        }
    }

    /**
     * Runs {@code action} on the watch thread the moment the next new trial Job is seen, that is
     * within milliseconds of its creation: before the operator has finished the pass that created
     * it (and written its status).
     */
    void onNextNewJob(Runnable action) {
        onNewJob.set(action);
    }

    /**
     * Trial Jobs that exist on the API server but that the sweep's status does not name, leaving
     * out {@code existedBefore}: pass the Jobs that existed when the operator process last started,
     * and what is left is what that process created and died before recording. (Without the
     * exclusion the list also holds every Job an earlier process left unrecorded: under frequent
     * kills the status may not be written for many lifetimes, and the same names come back kill
     * after kill.) Meaningful while the operator is stopped.
     */
    List<String> jobsNotInStatus(java.util.Set<String> existedBefore) {
        java.util.Set<String> named = new java.util.HashSet<>();
        Object trials = status().get("trials");
        if (trials instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof Map<?, ?> m && m.get("job") != null) {
                    named.add(String.valueOf(m.get("job")));
                }
            }
        }
        return jobNames().stream()
                .filter(n -> !named.contains(n) && !existedBefore.contains(n))
                .sorted()
                .toList();
    }

    /** The names of the sweep's trial Jobs on the API server now (a list, not the watch). */
    java.util.Set<String> jobNames() {
        return client
                .batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withLabel("sparsesweep.io/sweep", name)
                .withLabel(SweepPods.ROLE, "trial")
                .list()
                .getItems()
                .stream()
                .map(j -> j.getMetadata().getName())
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Trial ids that got more than one Job creation (counted by UID, so a Job deleted and created
     * again under the same name counts twice).
     */
    List<String> duplicatedTrials() {
        Map<String, Integer> perTrial = new HashMap<>();
        creations.values().forEach(t -> perTrial.merge(t, 1, Integer::sum));
        List<String> dup = new ArrayList<>();
        perTrial.forEach(
                (t, n) -> {
                    if (n > 1) {
                        dup.add(t + " x" + n);
                    }
                });
        return dup;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> status() {
        GenericKubernetesResource r =
                client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
        Object s = r == null ? null : r.getAdditionalProperties().get("status");
        return s == null ? Map.of() : (Map<String, Object>) s;
    }

    int count(String state) {
        Object c = status().get("trialCounts");
        if (!(c instanceof Map<?, ?> m) || !(m.get(state) instanceof Number n)) {
            return 0;
        }
        return n.intValue();
    }

    String phase() {
        return String.valueOf(status().get("phase"));
    }

    /**
     * The results ConfigMap holds exactly {@code points.size()} rows, each with the loss the known
     * law gives for its point (nothing lost, nothing duplicated, nothing altered).
     */
    void assertResultsExactly(List<TrialArgs> points, KnownLaw law) {
        String cmName = (String) status().get("resultsConfigMap");
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(cmName).get();
        assertThat(cm).as("results ConfigMap " + cmName).isNotNull();
        List<String> rows = cm.getData().values().iterator().next().lines().toList();
        assertThat(rows).hasSize(points.size() + 1);
        String[] header = rows.get(0).split(",");
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i].strip(), i);
        }
        Map<String, Double> expected = new HashMap<>();
        for (TrialArgs t : points) {
            expected.put(
                    t.sparsity() + "/" + t.nonzeroParams() + "/" + t.examples(),
                    law.observedLoss(t));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            String key =
                    Double.parseDouble(f[col.get("sparsity")])
                            + "/"
                            + f[col.get("nonzero_params")]
                            + "/"
                            + f[col.get("data")];
            assertThat(expected).as("row " + row).containsKey(key);
            assertThat(Double.parseDouble(f[col.get("val_loss")]))
                    .as("row " + row)
                    .isCloseTo(expected.get(key), within(1e-9));
            seen.merge(key, 1, Integer::sum);
        }
        assertThat(seen).hasSize(points.size());
    }

    @Override
    public void close() {
        informer.close();
    }
}
