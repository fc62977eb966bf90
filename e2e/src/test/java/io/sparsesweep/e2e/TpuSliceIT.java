package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.operator.jobset.JobSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Multi-host TPU slices on the real control plane with the real JobSet controller (built from
 * sigs.k8s.io/jobset, webhooks included: {@code testbed/jobset.sh}): a sweep on a 4-host TPU v5p
 * profile runs every trial attempt as one JobSet on three kwok node pools of four hosts each. One
 * host of one slice is preempted mid-run (the kubelet's DisruptionTarget): the JobSet controller
 * restarts the whole slice, the operator counts no failed attempt, and the trial succeeds from its
 * leader's result. Every slice spans exactly its four hosts in one pool (exclusive placement per
 * node pool); the fitted law lands in status. A multi-host profile with the built-in TensorFlow
 * Java trainer is refused with a message naming the field.
 */
@ExtendWith(TestbedExtension.class)
class TpuSliceIT {
    private static final String NS = "e2e-tpu-slice";
    private static final String NAME = "slice-law";
    private static final String PROFILE = "tpu-v5p-16";
    private static final int HOSTS = 4;
    private static final int POOLS = 3;
    private static final String POOL_LABEL = "cloud.google.com/gke-nodepool";
    private static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    private static final KnownLaw LAW = KnownLaw.vit();

    private static final String SWEEP =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata:
              name: slice-law
              namespace: e2e-tpu-slice
            spec:
              task: vit
              dataset: jft-sim
              model:
                sizes:
                - {name: s, width: 256, depth: 6, heads: 4}
                - {name: m, width: 384, depth: 6, heads: 6}
                - {name: l, width: 512, depth: 8, heads: 8}
              grid:
                sparsities: [0.0, 0.5, 0.875]
                patterns: [unstructured]
                steps: [2000, 8000]
              training:
                batchSize: 65536
              trainer:
                image: example.invalid/jax-trainer:sim
                command: [python3, /app/train.py]
                acceleratorProfile: tpu-v5p-16
              queueName: tpu-slices
              parallelism: 3
              fitting:
                bootstrap: 32
                seed: 1
            """;

    private static Testbed testbed;
    private static KubernetesClient client;
    private static InJvmOperator operator;
    private static SimulatedTrainer trainers;
    private static SimulatedTrainer fitters;
    private static boolean fitAvailable;
    private static SharedIndexInformer<JobSet> jobSetWatch;

    /** JobSet name -> the JobSet as last seen (the operator deletes finished ones). */
    private static final Map<String, JobSet> JOBSETS = new ConcurrentHashMap<>();

    /** Pod name -> the pod when the simulated trainer decided it (scheduled, so on a node). */
    private static final Map<String, Pod> SEEN = new ConcurrentHashMap<>();

    /** Pod name -> what happened to it (phase, node, time), for the failure messages. */
    private static final Map<String, List<String>> HISTORY = new ConcurrentHashMap<>();

    private static SharedIndexInformer<Pod> podWatch;

    private static void history(Pod p, String what) {
        HISTORY.computeIfAbsent(
                        p.getMetadata().getName(),
                        k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(
                        what
                                + ":"
                                + (p.getStatus() == null ? null : p.getStatus().getPhase())
                                + "@"
                                + p.getSpec().getNodeName()
                                + (p.getMetadata().getDeletionTimestamp() == null
                                        ? ""
                                        : "(deleting)")
                                + " "
                                + java.time.LocalTime.now());
    }

    /** The JobSet whose host was preempted. */
    private static final AtomicReference<String> VICTIM = new AtomicReference<>();

    @BeforeAll
    static void setUp(Testbed bed) throws Exception {
        testbed = bed;
        if (!ChartInstall.chartPresent()) {
            skip("no Helm chart at " + ChartInstall.chartDir());
        }
        Optional<String> noJobSet = bed.jobSetUnavailableReason();
        if (noJobSet.isPresent()) {
            skip(noJobSet.get() + " (docs/testbed.md)");
        }
        bed.startJobSet();
        client = bed.newClient();
        for (int pool = 0; pool < POOLS; pool++) {
            for (int host = 0; host < HOSTS; host++) {
                client.nodes().resource(v5pHost(pool, host)).create();
            }
        }
        Await.until(
                Duration.ofMinutes(2),
                "TPU v5p hosts Ready",
                () ->
                        client
                                        .nodes()
                                        .withLabel("sparsesweep.io/e2e", "tpu-slice")
                                        .list()
                                        .getItems()
                                        .stream()
                                        .filter(TpuSliceIT::ready)
                                        .count()
                                == POOLS * HOSTS);

        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("description", "TPU v5p 2x2x4 slice, 4 hosts x 4 chips (one JobSet)");
        profile.put("accelerator", Map.of("resource", "google.com/tpu", "count", HOSTS));
        profile.put(
                "nodeSelector",
                Map.of(
                        "cloud.google.com/gke-tpu-accelerator", "tpu-v5p-slice",
                        "cloud.google.com/gke-tpu-topology", "2x2x4"));
        profile.put(
                "tolerations",
                List.of(
                        Map.of(
                                "key",
                                "google.com/tpu",
                                "operator",
                                "Exists",
                                "effect",
                                "NoSchedule")));
        profile.put("tpu", Map.of("topology", "2x2x4", "hosts", HOSTS));
        ChartInstall chart =
                ChartInstall.install(
                        client,
                        Map.of(
                                "workloadServiceAccounts",
                                Map.of("sweepNamespaces", List.of(NS)),
                                "rbac",
                                Map.of("jobSets", true),
                                "sweeps",
                                Map.of("acceleratorProfiles", Map.of(PROFILE, profile))));
        Path repo = Crds.repoDir();
        fitAvailable = SweepPods.fitCommandAvailable(repo, bed.logDir());
        jobSetWatch =
                client.resources(JobSet.class)
                        .inNamespace(NS)
                        .inform(
                                new ResourceEventHandler<>() {
                                    @Override
                                    public void onAdd(JobSet js) {
                                        JOBSETS.put(js.getMetadata().getName(), js);
                                    }

                                    @Override
                                    public void onUpdate(JobSet old, JobSet js) {
                                        JOBSETS.put(js.getMetadata().getName(), js);
                                    }

                                    @Override
                                    public void onDelete(JobSet js, boolean unknown) {}
                                },
                                0);
        podWatch =
                client.pods()
                        .inNamespace(NS)
                        .inform(
                                new ResourceEventHandler<>() {
                                    @Override
                                    public void onAdd(Pod p) {
                                        history(p, "add");
                                    }

                                    @Override
                                    public void onUpdate(Pod old, Pod p) {
                                        history(p, "upd");
                                    }

                                    @Override
                                    public void onDelete(Pod p, boolean unknown) {
                                        history(p, "del");
                                    }
                                },
                                0);
        trainers =
                SimulatedTrainer.start(
                        client, NS, SweepPods.ROLE + "=trial", TpuSliceIT::slicePolicy);
        fitters =
                SimulatedTrainer.start(
                        client,
                        NS,
                        SweepPods.ROLE + "=fit",
                        SweepPods.fitting(bed, client, repo, fitAvailable));
        operator = InJvmOperator.start(bed, chart);
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            // Left behind, these sweeps are seen by the next IT's in-JVM operator on the same
            // control plane (SuspendDrillIT's chart has no v5p profile: it marked them Invalid).
            try {
                client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                        .inNamespace(NS)
                        .delete();
            } catch (RuntimeException e) {
                System.out.println("TpuSliceIT: could not delete its sweeps: " + e.getMessage());
            }
        }
        for (AutoCloseable c :
                new AutoCloseable[] {operator, jobSetWatch, podWatch, trainers, fitters}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the control plane stops with the JVM anyway
                }
            }
        }
        if (client != null) {
            client.nodes().withLabel("sparsesweep.io/e2e", "tpu-slice").delete();
            client.close();
        }
    }

    /** Run ({@code <jobset>#<restart attempt>}) -> its pods decided so far. */
    private static final Map<String, List<Pod>> RUNNING = new ConcurrentHashMap<>();

    /**
     * A slice's processes run together, as a multi-host trainer's collectives make them: nobody
     * reports before all four hosts run, then every process reports the trial's one result (the
     * earlier ones are annotated here, the last one through its verdict). The first slice seen has
     * its host 2 preempted once; its other hosts keep running until JobSet restarts the slice.
     */
    private static Optional<SimulatedTrainer.Verdict> slicePolicy(Pod pod) throws Exception {
        SEEN.put(pod.getMetadata().getName(), pod);
        Map<String, String> labels = pod.getMetadata().getLabels();
        String jobSet = labels.get(JobSet.LABEL_NAME);
        String restart = labels.get(JobSet.LABEL_RESTART_ATTEMPT);
        boolean firstRun = "0".equals(restart);
        if (firstRun && "2".equals(labels.get(COMPLETION_INDEX))) {
            VICTIM.compareAndSet(null, jobSet);
        }
        if (firstRun && jobSet.equals(VICTIM.get())) {
            return "2".equals(labels.get(COMPLETION_INDEX))
                    ? Optional.of(SimulatedTrainer.Verdict.preempt(800))
                    : Optional.empty(); // still training when its slice is restarted
        }
        var c =
                pod.getSpec().getContainers().stream()
                        .filter(x -> x.getName().equals("trainer"))
                        .findFirst()
                        .orElseThrow();
        String json = LAW.resultFor(TrialArgs.flags(c.getArgs()), 1.0);
        SimulatedTrainer.Verdict done = SimulatedTrainer.Verdict.succeed(json, 600);
        List<Pod> others;
        synchronized (RUNNING) {
            List<Pod> run = RUNNING.computeIfAbsent(jobSet + "#" + restart, k -> new ArrayList<>());
            run.add(pod);
            if (run.size() < HOSTS) {
                return Optional.empty(); // waits for the other hosts
            }
            others = List.copyOf(run.subList(0, run.size() - 1));
        }
        for (Pod other : others) {
            client.pods()
                    .inNamespace(NS)
                    .withName(other.getMetadata().getName())
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            Serialization.asJson(
                                    Map.of("metadata", Map.of("annotations", done.annotations()))));
        }
        return Optional.of(done);
    }

    @Test
    void sliceSweepSurvivesAPreemptedHostAndFitsTheLaw() throws Exception {
        long t0 = System.nanoTime();
        Kubectl.Result applied =
                testbed.kubectl().run(SWEEP, Duration.ofMinutes(1), "apply", "-f", "-");
        assertThat(applied.ok()).as(applied.stderr()).isTrue();
        int trials = 18;
        try (SweepProbe probe = new SweepProbe(client, NS, NAME)) {
            Await.until(
                    Duration.ofMinutes(8),
                    trials + " succeeded slice trials",
                    () -> probe.count("succeeded") == trials,
                    () -> probe.status() + " jobsets " + JOBSETS.keySet());
            assertThat(trainers.errors()).isEmpty();
            assertThat(probe.count("failed")).isZero();
            // JobSets, not Jobs, carry the trials: the operator made no trial Job at all
            assertThat(probe.jobs).isEmpty();
            assertThat(JOBSETS).hasSize(trials);

            // every JobSet as the issue asks: one replicated Job, parallelism = completions =
            // hosts, the TPU node selectors, 4 chips per host, exclusive per node pool, the queue
            for (JobSet js : JOBSETS.values()) {
                assertThat(js.getMetadata().getAnnotations())
                        .containsEntry("alpha.jobset.sigs.k8s.io/exclusive-topology", POOL_LABEL);
                assertThat(js.getMetadata().getLabels())
                        .containsEntry("kueue.x-k8s.io/queue-name", "tpu-slices");
                assertThat(js.getSpec().replicatedJobs()).hasSize(1);
                var rj = js.getSpec().replicatedJobs().get(0);
                assertThat(rj.replicas()).isEqualTo(1);
                var job = rj.template().getSpec();
                assertThat(job.getParallelism()).isEqualTo(HOSTS);
                assertThat(job.getCompletions()).isEqualTo(HOSTS);
                assertThat(job.getCompletionMode()).isEqualTo("Indexed");
                var pod = job.getTemplate().getSpec();
                assertThat(pod.getNodeSelector())
                        .containsEntry("cloud.google.com/gke-tpu-accelerator", "tpu-v5p-slice")
                        .containsEntry("cloud.google.com/gke-tpu-topology", "2x2x4");
                assertThat(pod.getContainers().get(0).getResources().getLimits())
                        .containsEntry("google.com/tpu", new Quantity("4"));
            }

            // every run of a slice spans exactly its 4 hosts, all in one node pool (the preempted
            // run was restarted before all its followers need have been placed: at most 4 there)
            String victim = VICTIM.get();
            assertThat(victim).as("a host was preempted").isNotNull();
            Map<String, List<Pod>> runs =
                    SEEN.values().stream()
                            .collect(
                                    Collectors.groupingBy(
                                            p ->
                                                    p.getMetadata()
                                                                    .getLabels()
                                                                    .get(JobSet.LABEL_NAME)
                                                            + "#"
                                                            + p.getMetadata()
                                                                    .getLabels()
                                                                    .get(
                                                                            JobSet
                                                                                    .LABEL_RESTART_ATTEMPT)));
            assertThat(runs).hasSizeGreaterThanOrEqualTo(trials + 1);
            Map<String, String> poolOfNode = new HashMap<>();
            for (Node n :
                    client.nodes().withLabel("sparsesweep.io/e2e", "tpu-slice").list().getItems()) {
                poolOfNode.put(
                        n.getMetadata().getName(), n.getMetadata().getLabels().get(POOL_LABEL));
            }
            runs.forEach(
                    (run, pods) -> {
                        String detail =
                                run
                                        + " "
                                        + pods.stream()
                                                .map(
                                                        p ->
                                                                p.getMetadata().getName()
                                                                        + "@"
                                                                        + p.getSpec().getNodeName())
                                                .toList()
                                        + " victim "
                                        + victim
                                        + " history "
                                        + pods.stream()
                                                .map(
                                                        p ->
                                                                p.getMetadata().getName()
                                                                        + "="
                                                                        + HISTORY.get(
                                                                                p.getMetadata()
                                                                                        .getName()))
                                                .toList();
                        Set<String> nodes = new HashSet<>();
                        Set<String> pools = new HashSet<>();
                        Set<String> indexes = new HashSet<>();
                        for (Pod p : pods) {
                            nodes.add(p.getSpec().getNodeName());
                            pools.add(poolOfNode.get(p.getSpec().getNodeName()));
                            indexes.add(p.getMetadata().getLabels().get(COMPLETION_INDEX));
                        }
                        if (run.equals(victim + "#0")) {
                            assertThat(nodes).as(detail).hasSizeBetween(1, HOSTS);
                            assertThat(indexes).as(run + " processes").contains("2");
                        } else {
                            assertThat(nodes).as(detail).hasSize(HOSTS);
                            assertThat(indexes).as(detail).hasSize(HOSTS);
                        }
                        assertThat(pools).as(detail).hasSize(1).doesNotContainNull();
                    });

            // the preempted slice was restarted by JobSet, not retried or failed by the operator
            assertThat(trainers.count("preempt")).isEqualTo(1);
            int restarts =
                    JOBSETS.values().stream()
                            .mapToInt(
                                    js ->
                                            js.getStatus() == null
                                                            || js.getStatus().restarts() == null
                                                    ? 0
                                                    : js.getStatus().restarts())
                            .sum();
            assertThat(JOBSETS.get(victim).getStatus().restarts()).isEqualTo(1);
            assertThat(restarts).isEqualTo(1);
            Map<String, Object> victimTrial = trial(probe, victim);
            assertThat(victimTrial)
                    .containsEntry("state", "Succeeded")
                    .containsEntry("attempts", 1);
            assertThat(probe.duplicatedTrials()).isEmpty();
            assertThat(JOBSETS.keySet()).allMatch(n -> n.endsWith("-a1"));

            // every result, exactly, read from each slice's leader
            List<TrialArgs> points = new ArrayList<>();
            for (int[] size : new int[][] {{256, 6, 4}, {384, 6, 6}, {512, 8, 8}}) {
                for (double s : new double[] {0.0, 0.5, 0.875}) {
                    for (long steps : new long[] {2000, 8000}) {
                        points.add(
                                new TrialArgs(
                                        size[0],
                                        size[1],
                                        size[2],
                                        4,
                                        steps,
                                        s,
                                        "unstructured",
                                        0,
                                        65536));
                    }
                }
            }
            probe.assertResultsExactly(points, LAW);

            if (!fitAvailable) {
                skip("fit phase not run: `sparsesweep operator fit-sweep` is not in this checkout");
            }
            Await.until(
                    Duration.ofMinutes(5),
                    "the sweep Complete with the law in status",
                    () -> "Complete".equals(probe.phase()),
                    () -> String.valueOf(probe.status()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            @SuppressWarnings("unchecked")
            Map<String, Object> fit = (Map<String, Object>) probe.status().get("fit");
            assertThat(fit).as("status.fit").isNotNull().containsEntry("state", "Succeeded");
            assertThat(String.valueOf(fit.get("law"))).startsWith("L(S,N,D)");
            assertThat(fitters.errors()).isEmpty();
            System.out.printf("TPU-SLICE: %d, %d, %d, %.1f%n", trials, HOSTS, restarts, seconds);
        }
    }

    @Test
    void builtInTrainerOnAMultiHostProfileIsRefused() throws Exception {
        String yaml =
                """
                apiVersion: sparsesweep.io/v1alpha1
                kind: SparseSweep
                metadata:
                  name: tfjava-on-slice
                  namespace: e2e-tpu-slice
                spec:
                  task: vit
                  dataset: jft-sim
                  model:
                    sizes: [{name: s, width: 256, depth: 6, heads: 4}]
                  grid:
                    sparsities: [0.0, 0.5]
                    steps: [2000]
                  trainer:
                    image: example.invalid/sparsesweep-runner:sim
                    acceleratorProfile: tpu-v5p-16
                  fitting: {enabled: false}
                """;
        try (SweepProbe probe = new SweepProbe(client, NS, "tfjava-on-slice")) {
            Kubectl.Result applied =
                    testbed.kubectl().run(yaml, Duration.ofMinutes(1), "apply", "-f", "-");
            assertThat(applied.ok()).as(applied.stderr()).isTrue();
            Await.until(
                    Duration.ofMinutes(1),
                    "the sweep Invalid",
                    () -> "Invalid".equals(probe.phase()),
                    () -> String.valueOf(probe.status()));
            assertThat(String.valueOf(probe.status().get("conditions")))
                    .contains("spec.trainer.acceleratorProfile: 'tpu-v5p-16' is a 4-host TPU slice")
                    .contains("built-in trainer");
            assertThat(JOBSETS.keySet()).noneMatch(n -> n.startsWith("tfjava-on-slice-"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trial(SweepProbe probe, String jobName) {
        List<Map<String, Object>> trials = (List<Map<String, Object>>) probe.status().get("trials");
        return trials.stream()
                .filter(t -> jobName.equals(t.get("job")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no trial with job " + jobName));
    }

    private static Node v5pHost(int pool, int host) {
        String name = "v5p-pool-" + pool + "-host-" + host;
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity("208"));
        capacity.put("memory", new Quantity("448Gi"));
        capacity.put("pods", new Quantity("110"));
        capacity.put("google.com/tpu", new Quantity("4"));
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("type", "kwok")
                .addToLabels("sparsesweep.io/e2e", "tpu-slice")
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64")
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("cloud.google.com/gke-tpu-accelerator", "tpu-v5p-slice")
                .addToLabels("cloud.google.com/gke-tpu-topology", "2x2x4")
                .addToLabels(POOL_LABEL, "tpu-v5p-pool-" + pool)
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .addToAnnotations("kwok.x-k8s.io/node", "fake")
                .endMetadata()
                .withNewSpec()
                .addNewTaint()
                .withKey("google.com/tpu")
                .withValue("present")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .withNewStatus()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .endStatus()
                .build();
    }

    private static boolean ready(Node n) {
        return n.getStatus() != null
                && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void skip(String why) {
        String line = "SKIPPED-TESTBED: TpuSliceIT not run: " + why;
        System.out.println(line);
        System.err.println(line);
        Assumptions.abort(line);
    }
}
